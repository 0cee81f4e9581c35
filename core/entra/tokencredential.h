#pragma once

#include "cloud.h"
#include "cosmoserror.h"

#include <QDateTime>
#include <QJsonObject>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QNetworkAccessManager;
class QSslConfiguration;
QT_END_NAMESPACE

namespace Cosmos::Entra {

/// An access token and who it is for. The token is a secret: never logged or stored.
struct AccessToken
{
    QByteArray token;
    QDateTime expiresOn;  ///< UTC
    QDateTime obtainedOn; ///< UTC, when this client received it
    QString tenantId;
    QString objectId;
    QString username; ///< preferred_username / upn, or the app id of a service principal

    bool isEmpty() const { return token.isEmpty(); }
    /// Usable at `now` with a margin: 5 minutes, or half its lifetime when shorter.
    bool isFresh(const QDateTime &now) const;
    /// Fills tenantId, objectId and username from the token's claims; expiresOn from `exp`
    /// when not set.
    void readClaims();
};

/// A token being obtained: exactly one of finished() or failed() is emitted, then it is
/// deleted. Deleting it (or its context) first drops the answer.
class PendingToken : public QObject
{
    Q_OBJECT
public:
    explicit PendingToken(QObject *parent)
        : QObject(parent)
    {
    }
Q_SIGNALS:
    void finished(const Cosmos::Entra::AccessToken &token);
    void failed(const Cosmos::CosmosError &error);
};

/// Keeps refresh tokens of signed-in users between sessions. The app implements it on the OS
/// keychain; signing out removes the entry. Loading answers through the callback (keychains
/// are asynchronous).
class RefreshTokenStore
{
public:
    virtual ~RefreshTokenStore() = default;
    virtual void load(const QString &key, std::function<void(const QByteArray &)> done) = 0;
    virtual void save(const QString &key, const QByteArray &refreshToken) = 0;
    virtual void remove(const QString &key) = 0;
};

/// A RefreshTokenStore in memory (the CLI, tests).
class MemoryRefreshTokenStore : public RefreshTokenStore
{
public:
    void load(const QString &key, std::function<void(const QByteArray &)> done) override
    {
        done(m_tokens.value(key));
    }
    void save(const QString &key, const QByteArray &token) override { m_tokens.insert(key, token); }
    void remove(const QString &key) override { m_tokens.remove(key); }
    bool contains(const QString &key) const { return m_tokens.contains(key); }
    int size() const { return int(m_tokens.size()); }

private:
    QHash<QString, QByteArray> m_tokens;
};

using TokenCallback = std::function<void(const AccessToken &, const CosmosError &)>;

/// One source of Entra ID access tokens (service principal, Azure CLI, device code, browser),
/// following azure-identity. Tokens are cached per scope set and obtained again before they
/// expire; concurrent requests for the same scopes share one acquisition.
class TokenCredential : public QObject
{
    Q_OBJECT
public:
    explicit TokenCredential(const CloudSettings &cloud, QObject *parent = nullptr);
    ~TokenCredential() override;

    const CloudSettings &cloud() const { return m_cloud; }
    /// A token for `scopes` (e.g. {"https://host/.default"}); `context` owns the pending object.
    PendingToken *getToken(const QStringList &scopes, QObject *context = nullptr);
    /// The same with a callback, dropped when `context` is gone.
    void getToken(const QStringList &scopes, QObject *context, TokenCallback callback);
    /// Drops the cached token for `scopes` if it is `rejected` (a 401 from a service).
    void invalidate(const QStringList &scopes, const QByteArray &rejected);
    /// Forgets every token; user credentials also forget (and unstore) their refresh token.
    virtual void signOut();
    /// Who is signed in, from the last token obtained ("" before).
    QString username() const { return m_lastToken.username; }
    QString tenantId() const { return m_lastToken.tenantId; }
    QString objectId() const { return m_lastToken.objectId; }
    /// "service principal", "Azure CLI", "device code", "browser".
    virtual QString kindName() const = 0;

Q_SIGNALS:
    /// A new token was obtained (not a cached one): the signed-in identity may have changed.
    void tokenObtained(const Cosmos::Entra::AccessToken &token);

protected:
    /// Obtains a new token for `scopes`; calls `done` once, possibly later.
    virtual void acquire(const QStringList &scopes, TokenCallback done) = 0;

    /// POSTs a form to the identity platform's token (or devicecode) endpoint. `done` gets the
    /// JSON answer, or an error in the user's terms (AADSTS code kept in the message).
    void postForm(const QUrl &url,
                  const QList<QPair<QString, QString>> &form,
                  std::function<void(const QJsonObject &, const CosmosError &)> done);
    /// A token from a token-endpoint answer (access_token, expires_in).
    static AccessToken tokenFromAnswer(const QJsonObject &answer);
    QNetworkAccessManager *network();
    const QSslConfiguration &ssl();

    CloudSettings m_cloud;

private:
    struct Waiters;
    QHash<QString, AccessToken> m_cache;
    QHash<QString, std::shared_ptr<Waiters>> m_inFlight;
    AccessToken m_lastToken;
    QNetworkAccessManager *m_network = nullptr;
    std::unique_ptr<QSslConfiguration> m_ssl;
};

/// The identity platform's error answer in the user's terms.
CosmosError identityError(int status, const QJsonObject &answer, const QString &what);

} // namespace Cosmos::Entra
