#pragma once

#include "tokencredential.h"

#include <QList>

namespace Cosmos::Entra {

/// A user signed in through the public client (device code, browser). After the interactive
/// sign-in, tokens for other scopes and renewals are redeemed with the refresh token (rotated
/// on every use), which is kept in the RefreshTokenStore when one is set.
class UserCredential : public TokenCredential
{
    Q_OBJECT
public:
    explicit UserCredential(const CloudSettings &cloud, QObject *parent = nullptr);
    /// Where refresh tokens are kept (not owned; must outlive the credential), under `key`
    /// (default: authority host, tenant and client id).
    void setRefreshTokenStore(RefreshTokenStore *store, const QString &key = QString());
    QString storeKey() const;
    bool hasRefreshToken() const { return !m_refreshToken.isEmpty(); }
    void signOut() override;

protected:
    void acquire(const QStringList &scopes, TokenCallback done) final;
    /// The interactive sign-in for `scopes` (offline_access etc. already added); answers the
    /// token endpoint's JSON.
    virtual void signIn(const QStringList &scopes,
                        std::function<void(const QJsonObject &, const CosmosError &)> done)
        = 0;
    /// The token from an answer; keeps its refresh token.
    AccessToken accept(const QJsonObject &answer);

private:
    void redeem(const QStringList &scopes, TokenCallback done);
    void interactive(const QStringList &scopes, TokenCallback done);

    RefreshTokenStore *m_store = nullptr;
    QString m_storeKey;
    bool m_storeLoaded = false;
    QByteArray m_refreshToken;
    bool m_signingIn = false;
    QList<QPair<QStringList, TokenCallback>> m_waiting; ///< scopes asked during a sign-in
};

/// The scopes a public client asks for with a resource scope.
QStringList withUserScopes(const QStringList &scopes);

} // namespace Cosmos::Entra
