#pragma once

#include "pkce.h"
#include "usercredential.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

QT_BEGIN_NAMESPACE
class QTcpServer;
class QTcpSocket;
QT_END_NAMESPACE

namespace Cosmos::Entra {

/// Interactive sign-in in the system browser: authorization code + PKCE (S256) with a loopback
/// redirect to http://127.0.0.1:<random port>/ (RFC 8252). authorizeUrlReady() carries the URL
/// to open (the GUI opens it with QDesktopServices); the redirect's `state` is checked, the
/// browser is answered with a small page, and the code is redeemed with the verifier.
class InteractiveBrowserCredential : public UserCredential
{
    Q_OBJECT
public:
    explicit InteractiveBrowserCredential(const CloudSettings &cloud, QObject *parent = nullptr);
    QString kindName() const override { return QStringLiteral("browser"); }
    /// How long to wait for the browser, default 5 minutes.
    void setTimeout(int ms) { m_timeout.setInterval(ms); }
    /// Stops a sign-in in progress (it fails with Cancelled).
    void cancel();

Q_SIGNALS:
    void authorizeUrlReady(const QUrl &url);

protected:
    void signIn(const QStringList &scopes,
                std::function<void(const QJsonObject &, const CosmosError &)> done) override;

private:
    void onConnection();
    void onRedirect(QTcpSocket *socket);
    void end(const QJsonObject &answer, const CosmosError &error);

    QTcpServer *m_server = nullptr;
    QTimer m_timeout;
    Pkce m_pkce;
    QByteArray m_state;
    QString m_redirectUri;
    QStringList m_scopes;
    std::function<void(const QJsonObject &, const CosmosError &)> m_done;
};

/// The query of an HTTP request line ("GET /?code=…&state=… HTTP/1.1"); empty if not one.
QUrlQuery redirectQuery(const QByteArray &requestHead, bool *complete);

} // namespace Cosmos::Entra
