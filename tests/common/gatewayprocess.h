#pragma once

#include <connectioninfo.h>

#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QUrl>

/// Starts the loopback test gateway (tests/gateway/server.js) on a free port, HTTPS with the
/// test CA, and stops it on destruction. Used by integration and GUI tests.
class GatewayProcess
{
public:
    struct Options
    {
        bool seedSample = false;
        bool http = false;
        QString masterKey; ///< empty: the emulator's well-known key
        bool untrustedCertificate = false; ///< serve a certificate that is not from the test CA
        QStringList extraArguments; ///< more server.js options (--regions, --consistency …)
        bool entra = false;            ///< --entra: mock identity platform and ARM
        bool disableLocalAuth = false; ///< --disable-local-auth: keys and resource tokens refused
    };

    GatewayProcess() = default;
    ~GatewayProcess();

    /// Starts and waits for the ready line; false with errorString() on failure.
    bool start(const Options &options);
    bool start() { return start(Options{}); }
    void stop();

    QUrl url() const { return m_url; }
    /// With Options::entra: the mock identity platform (authority host) and ARM endpoints.
    QUrl loginUrl() const { return m_loginUrl; }
    QUrl armUrl() const { return m_armUrl; }
    /// POSTs JSON to a test route of the identity platform or ARM listener
    /// (`/_test/identity`, `/_test/arm`); returns the status, the answer in `response`.
    static int postJson(const QUrl &base, const QString &path, const QJsonObject &body,
                        QByteArray *response = nullptr);
    /// Plays the user at the mock's /devicelogin: approves `userCode` as `user`
    /// (`deny`: declines); returns the HTTP status.
    int deviceLogin(const QString &userCode, const QString &user, bool deny = false) const;
    /// Plays the browser: GETs the authorize URL and follows its redirect to the loopback
    /// redirect URI; returns the final status and page in `page`.
    static int followAuthorizeUrl(const QUrl &authorizeUrl, QByteArray *page = nullptr);
    QString errorString() const { return m_error; }
    /// Endpoint + master key + the test CA: a verified TLS connection.
    Cosmos::ConnectionInfo connection() const;
    /// A master-key-signed request with a plain network manager (the test-only routes, which no
    /// product API addresses); returns the HTTP status, the body in `response`.
    int rawRequest(const QByteArray &verb, const QString &path, const QString &resourceType,
                   const QString &resourceLink, const QJsonObject &body,
                   QByteArray *response = nullptr) const;
    /// Turns the gateway's random faults on (`config` as in tests/gateway/faults.js) or off
    /// ({}); returns the HTTP status, and the response body in `body`.
    int setFaults(const QJsonObject &config, QByteArray *body = nullptr) const;
    /// GET /_test/faults: the configuration and the counts of injected faults.
    QJsonObject faults() const;
    static QString caFile();
    static QString certDir();
    static QString gatewayDir();
    /// Makes the test CA and certificates (make-certs.sh) when they are missing.
    static bool ensureCertificates(QString *error);
    /// SIGTERM, then SIGKILL after 5 s.
    static void stopProcess(QProcess &process);
    /// Makes the server started by `process` end when the test process ends, even without
    /// running destructors (a crash, a sanitizer abort). Call before QProcess::start().
    static void endWithTest(QProcess &process);

private:
    QProcess m_process;
    QUrl m_url;
    QUrl m_loginUrl;
    QUrl m_armUrl;
    QString m_error;
    QString m_key;
};
