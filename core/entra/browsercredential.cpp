#include "browsercredential.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrlQuery>

namespace Cosmos::Entra {

QUrlQuery redirectQuery(const QByteArray &head, bool *complete)
{
    *complete = head.contains("\r\n\r\n") || head.contains("\n\n");
    const int lineEnd = head.indexOf('\n');
    if (lineEnd < 0)
        return {};
    const QList<QByteArray> parts = head.left(lineEnd).trimmed().split(' ');
    if (parts.size() < 3 || parts.at(0) != "GET")
        return {};
    const QUrl target(QString::fromLatin1(parts.at(1)));
    return QUrlQuery(target);
}

InteractiveBrowserCredential::InteractiveBrowserCredential(const CloudSettings &cloud,
                                                           QObject *parent)
    : UserCredential(cloud, parent)
{
    m_timeout.setSingleShot(true);
    m_timeout.setInterval(5 * 60 * 1000);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        CosmosError e;
        e.kind = CosmosError::Kind::Timeout;
        e.message = QStringLiteral("The browser sign-in was not completed in time.");
        end({}, e);
    });
}

void InteractiveBrowserCredential::signIn(
    const QStringList &scopes, std::function<void(const QJsonObject &, const CosmosError &)> done)
{
    m_done = std::move(done);
    m_scopes = scopes;
    delete m_server;
    m_server = new QTcpServer(this);
    if (!m_server->listen(QHostAddress::LocalHost, 0)) {
        end({},
            CosmosError::invalidInput(
                QStringLiteral("Could not listen on 127.0.0.1 for the browser sign-in: %1")
                    .arg(m_server->errorString())));
        return;
    }
    connect(
        m_server, &QTcpServer::newConnection, this, &InteractiveBrowserCredential::onConnection);
    m_pkce = Pkce::generate();
    m_state = randomUrlSafe(16);
    m_redirectUri = QStringLiteral("http://127.0.0.1:%1/").arg(m_server->serverPort());
    QUrl url = m_cloud.oauthUrl(QStringLiteral("authorize"));
    QUrlQuery q;
    const auto add = [&q](const QString &k, const QString &v) {
        q.addQueryItem(k, QString::fromLatin1(QUrl::toPercentEncoding(v)));
    };
    add(QStringLiteral("client_id"), m_cloud.clientId);
    add(QStringLiteral("response_type"), QStringLiteral("code"));
    add(QStringLiteral("redirect_uri"), m_redirectUri);
    add(QStringLiteral("scope"), scopes.join(QLatin1Char(' ')));
    add(QStringLiteral("state"), QString::fromLatin1(m_state));
    add(QStringLiteral("code_challenge"), QString::fromLatin1(m_pkce.challenge));
    add(QStringLiteral("code_challenge_method"), QStringLiteral("S256"));
    add(QStringLiteral("prompt"), QStringLiteral("select_account"));
    url.setQuery(q.query(QUrl::FullyEncoded), QUrl::StrictMode);
    m_timeout.start();
    emit authorizeUrlReady(url);
}

void InteractiveBrowserCredential::onConnection()
{
    while (QTcpSocket *socket = m_server ? m_server->nextPendingConnection() : nullptr) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRedirect(socket); });
    }
}

static void answerBrowser(QTcpSocket *socket, int status, const QString &text)
{
    const QByteArray body = QStringLiteral("<!doctype html><html><head><meta charset=\"utf-8\">"
                                           "<title>Cosmoscope</title></head><body><p>%1</p>"
                                           "</body></html>")
                                .arg(text.toHtmlEscaped())
                                .toUtf8();
    QByteArray head = "HTTP/1.1 " + QByteArray::number(status)
                      + (status == 200 ? " OK" : " Bad Request")
                      + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n";
    socket->write(head + body);
    socket->disconnectFromHost();
}

void InteractiveBrowserCredential::onRedirect(QTcpSocket *socket)
{
    if (socket->bytesAvailable() > 16384) {
        socket->abort();
        return;
    }
    bool complete = false;
    const QUrlQuery q = redirectQuery(socket->peek(16384), &complete);
    if (!complete)
        return;
    socket->readAll();
    if (!m_done
        || (!q.hasQueryItem(QStringLiteral("code")) && !q.hasQueryItem(QStringLiteral("error")))) {
        answerBrowser(socket, 400, QStringLiteral("No sign-in is waiting for this answer."));
        return;
    }
    const QString state = q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
    if (state != QString::fromLatin1(m_state)) { // RFC 6749 §10.12: not our request
        answerBrowser(socket,
                      400,
                      QStringLiteral("This sign-in answer does not belong to "
                                     "Cosmoscope's request; it was ignored."));
        return;
    }
    if (q.hasQueryItem(QStringLiteral("error"))) {
        answerBrowser(socket, 200, QStringLiteral("Sign-in failed. You can close this window."));
        QJsonObject answer{
            {QStringLiteral("error"), q.queryItemValue(QStringLiteral("error"))},
            {QStringLiteral("error_description"),
             q.queryItemValue(QStringLiteral("error_description"), QUrl::FullyDecoded)}};
        end({}, identityError(400, answer, QStringLiteral("Browser sign-in")));
        return;
    }
    answerBrowser(socket,
                  200,
                  QStringLiteral("Signed in to Cosmoscope. You can close this "
                                 "window and return to the application."));
    m_timeout.stop();
    m_server->close();
    postForm(
        m_cloud.oauthUrl(QStringLiteral("token")),
        {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
         {QStringLiteral("client_id"), m_cloud.clientId},
         {QStringLiteral("code"), q.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded)},
         {QStringLiteral("redirect_uri"), m_redirectUri},
         {QStringLiteral("code_verifier"), QString::fromLatin1(m_pkce.verifier)},
         {QStringLiteral("scope"), m_scopes.join(QLatin1Char(' '))}},
        [this](const QJsonObject &answer, const CosmosError &error) { end(answer, error); });
}

void InteractiveBrowserCredential::end(const QJsonObject &answer, const CosmosError &error)
{
    m_timeout.stop();
    if (m_server)
        m_server->close();
    auto done = std::exchange(m_done, nullptr);
    if (done)
        done(answer, error);
}

void InteractiveBrowserCredential::cancel()
{
    CosmosError e;
    e.kind = CosmosError::Kind::Cancelled;
    e.message = QStringLiteral("Sign-in cancelled.");
    end({}, e);
}

} // namespace Cosmos::Entra
