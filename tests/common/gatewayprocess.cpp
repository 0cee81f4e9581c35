#include "gatewayprocess.h"

#include <auth.h>

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QFile>
#include <QRegularExpression>
#include <QTimer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

QString GatewayProcess::gatewayDir()
{
    // COSMOSCOPE_GATEWAY_DIR in the environment runs the suites against another checkout's gateway.
    const QString fromEnvironment = qEnvironmentVariable("COSMOSCOPE_GATEWAY_DIR");
    return fromEnvironment.isEmpty() ? QStringLiteral(COSMOSCOPE_GATEWAY_DIR) : fromEnvironment;
}

QString GatewayProcess::certDir()
{
    return QStringLiteral(COSMOSCOPE_CERT_DIR);
}

QString GatewayProcess::caFile()
{
    return certDir() + QStringLiteral("/ca.pem");
}

GatewayProcess::~GatewayProcess()
{
    stop();
}

bool GatewayProcess::ensureCertificates(QString *error)
{
    if (QFile::exists(GatewayProcess::certDir() + QStringLiteral("/untrusted.pem")))
        return true;
    QProcess p;
    p.start(QStringLiteral("bash"), {GatewayProcess::gatewayDir() + QStringLiteral("/make-certs.sh"),
                                     GatewayProcess::certDir()});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        *error = QStringLiteral("make-certs.sh failed: ") + QString::fromUtf8(p.readAllStandardError());
        return false;
    }
    return true;
}

bool GatewayProcess::start(const Options &options)
{
    if (!ensureCertificates(&m_error))
        return false;
    m_key = options.masterKey.isEmpty() ? Cosmos::ConnectionInfo::emulatorKey() : options.masterKey;
    const QString dir = certDir();
    const QString cert = options.untrustedCertificate ? QStringLiteral("/untrusted.pem")
                                                      : QStringLiteral("/server.pem");
    const QString key = options.untrustedCertificate ? QStringLiteral("/untrusted-key.pem")
                                                     : QStringLiteral("/server-key.pem");
    QStringList args{gatewayDir() + QStringLiteral("/server.js"), QStringLiteral("--port"),
                     QStringLiteral("0"), QStringLiteral("--cert"), dir + cert,
                     QStringLiteral("--key"), dir + key, QStringLiteral("--master-key"), m_key};
    if (options.http)
        args << QStringLiteral("--http");
    if (options.seedSample)
        args << QStringLiteral("--seed") << QStringLiteral("sample");
    args << options.extraArguments;
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    endWithTest(m_process);
    m_process.start(QStringLiteral("node"), args);
    if (!m_process.waitForStarted(10000)) {
        m_error = QStringLiteral("could not start node: ") + m_process.errorString();
        return false;
    }
    static const QRegularExpression ready(QStringLiteral("(https?://\\S+)"));
    QElapsedTimer timer;
    timer.start();
    QByteArray output;
    while (timer.elapsed() < 30000) {
        if (!m_process.waitForReadyRead(1000) && m_process.state() != QProcess::Running)
            break;
        output += m_process.readAllStandardOutput();
        const QRegularExpressionMatch m = ready.match(QString::fromUtf8(output));
        if (m.hasMatch() && output.contains('\n')) {
            m_url = QUrl(m.captured(1));
            return true;
        }
    }
    m_error = QStringLiteral("the gateway did not print its ready line: ") + QString::fromUtf8(output);
    stop();
    return false;
}

void GatewayProcess::stop()
{
    stopProcess(m_process);
}

void GatewayProcess::stopProcess(QProcess &process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(5000)) {
        process.kill();
        process.waitForFinished(2000);
    }
}

void GatewayProcess::endWithTest(QProcess &process)
{
    // A server left running by a test that died would keep ctest's output pipe open, and ctest
    // would wait for the test's whole timeout.
#ifdef Q_OS_LINUX
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
#else
    Q_UNUSED(process);
#endif
}

Cosmos::ConnectionInfo GatewayProcess::connection() const
{
    Cosmos::CosmosError error;
    Cosmos::ConnectionInfo info = Cosmos::ConnectionInfo::fromEndpointAndKey(m_url.toString(), m_key,
                                                                             &error);
    if (m_url.scheme() == QLatin1String("https"))
        info.caCertificateFile = caFile();
    return info;
}

int GatewayProcess::rawRequest(const QByteArray &verb, const QString &path,
                               const QString &resourceType, const QString &resourceLink,
                               const QJsonObject &body, QByteArray *response) const
{
    QNetworkAccessManager nam;
    QUrl url = m_url;
    url.setPath(path);
    QNetworkRequest request(url);
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    for (const QSslCertificate &c : QSslCertificate::fromPath(GatewayProcess::caFile()))
        ssl.addCaCertificate(c);
    request.setSslConfiguration(ssl);
    const QString date = Cosmos::httpDate(QDateTime::currentDateTimeUtc());
    request.setRawHeader("x-ms-date", date.toLatin1());
    request.setRawHeader("x-ms-version", "2020-07-15");
    request.setRawHeader("authorization",
                         Cosmos::masterKeyAuthorization(QString::fromLatin1(verb), resourceType,
                                                        resourceLink, date, connection().masterKey));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(request, verb,
                                                 verb == "GET" ? QByteArray()
                                                               : QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    loop.exec();
    if (response)
        *response = reply->readAll();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    delete reply;
    return status;
}

int GatewayProcess::setFaults(const QJsonObject &config, QByteArray *body) const
{
    return rawRequest("POST", QStringLiteral("/_test/faults"), QStringLiteral("faults"), {}, config, body);
}

QJsonObject GatewayProcess::faults() const
{
    QByteArray body;
    rawRequest("GET", QStringLiteral("/_test/faults"), QStringLiteral("faults"), {}, {}, &body);
    return QJsonDocument::fromJson(body).object();
}
