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
#include <QUrlQuery>

#include <memory>

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
    if (options.entra)
        args << QStringLiteral("--entra");
    if (options.disableLocalAuth)
        args << QStringLiteral("--disable-local-auth");
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
            if (!options.entra)
                return true;
            // The second ready line: "Entra ready at login=URL arm=URL".
            static const QRegularExpression entraReady(
                QStringLiteral("Entra ready at login=(\\S+) arm=(\\S+)\n"));
            const QRegularExpressionMatch e = entraReady.match(QString::fromUtf8(output));
            if (e.hasMatch()) {
                m_loginUrl = QUrl(e.captured(1));
                m_armUrl = QUrl(e.captured(2));
                return true;
            }
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

static QSslConfiguration testSsl()
{
    QSslConfiguration ssl = QSslConfiguration::defaultConfiguration();
    for (const QSslCertificate &c : QSslCertificate::fromPath(GatewayProcess::caFile()))
        ssl.addCaCertificate(c);
    return ssl;
}

// Test plumbing (not product code): waits for one reply in a local event loop.
static int waitFor(QNetworkReply *reply, QByteArray *body)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QTimer::singleShot(15000, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    if (body)
        *body = reply->readAll();
    return reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
}

int GatewayProcess::postJson(const QUrl &base, const QString &path, const QJsonObject &body,
                             QByteArray *response)
{
    QNetworkAccessManager nam;
    QUrl url = base;
    url.setPath(path);
    QNetworkRequest request(url);
    request.setSslConfiguration(testSsl());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    std::unique_ptr<QNetworkReply> reply(
        nam.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact)));
    return waitFor(reply.get(), response);
}

int GatewayProcess::deviceLogin(const QString &userCode, const QString &user, bool deny) const
{
    QNetworkAccessManager nam;
    QUrl url = m_loginUrl;
    url.setPath(QStringLiteral("/devicelogin"));
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("user_code"), userCode);
    q.addQueryItem(QStringLiteral("user"), user);
    if (deny)
        q.addQueryItem(QStringLiteral("action"), QStringLiteral("deny"));
    url.setQuery(q);
    QNetworkRequest request(url);
    request.setSslConfiguration(testSsl());
    std::unique_ptr<QNetworkReply> reply(nam.get(request));
    return waitFor(reply.get(), nullptr);
}

int GatewayProcess::followAuthorizeUrl(const QUrl &authorizeUrl, QByteArray *page)
{
    QNetworkAccessManager nam;
    QNetworkRequest request(authorizeUrl);
    request.setSslConfiguration(testSsl());
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    std::unique_ptr<QNetworkReply> reply(nam.get(request));
    const int status = waitFor(reply.get(), page);
    if (status != 302)
        return status;
    // https → http://127.0.0.1: a browser follows it; Qt's safe policy would not.
    const QUrl next = reply->url().resolved(
        QUrl(QString::fromUtf8(reply->rawHeader("location"))));
    std::unique_ptr<QNetworkReply> second(nam.get(QNetworkRequest(next)));
    return waitFor(second.get(), page);
}
