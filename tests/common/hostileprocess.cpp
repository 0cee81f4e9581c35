#include "hostileprocess.h"

#include "gatewayprocess.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTimer>

HostileProcess::~HostileProcess()
{
    stop();
}

bool HostileProcess::start()
{
    if (!GatewayProcess::ensureCertificates(&m_error))
        return false;
    const QString dir = GatewayProcess::certDir();
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    GatewayProcess::endWithTest(m_process);
    m_process.start(QStringLiteral("node"),
                    {QStringLiteral(COSMOSCOPE_HOSTILE_DIR) + QStringLiteral("/server.js"),
                     QStringLiteral("--cert"), dir + QStringLiteral("/server.pem"),
                     QStringLiteral("--key"), dir + QStringLiteral("/server-key.pem")});
    if (!m_process.waitForStarted(10000)) {
        m_error = m_process.errorString();
        return false;
    }
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 30000) {
        if (!m_process.canReadLine() && !m_process.waitForReadyRead(1000)
            && m_process.state() != QProcess::Running) {
            break;
        }
        while (m_process.canReadLine()) {
            const QByteArray line = m_process.readLine().trimmed();
            if (line == "Hostile ready")
                return true;
            const QList<QByteArray> parts = line.split(' ');
            if (parts.size() == 3 && parts.at(0) == "case")
                m_urls.insert(QString::fromUtf8(parts.at(1)), QUrl(QString::fromUtf8(parts.at(2))));
        }
    }
    m_error = QStringLiteral("the hostile server did not start");
    stop();
    return false;
}

void HostileProcess::stop()
{
    GatewayProcess::stopProcess(m_process);
}

// Asked with a separate, plain network manager: not through the client under test.
QJsonObject HostileProcess::trapHits() const
{
    QNetworkAccessManager nam;
    QUrl url = m_urls.value(QStringLiteral("control"));
    url.setPath(QStringLiteral("/trap-hits"));
    QNetworkRequest request(url);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    for (const QSslCertificate &c : QSslCertificate::fromPath(GatewayProcess::caFile()))
        ssl.addCaCertificate(c);
    request.setSslConfiguration(ssl);
    QNetworkReply *reply = nam.get(request);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject hits = QJsonDocument::fromJson(reply->readAll()).object();
    delete reply;
    return hits;
}

int HostileProcess::trapConnections() const
{
    return trapHits().value(QStringLiteral("connections")).toInt(-1);
}

int HostileProcess::trapRequests() const
{
    return trapHits().value(QStringLiteral("requests")).toInt(-1);
}
