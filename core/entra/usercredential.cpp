#include "usercredential.h"

namespace Cosmos::Entra {

QStringList withUserScopes(const QStringList &scopes)
{
    QStringList all = scopes;
    for (const char *s : {"openid", "profile", "offline_access"}) {
        if (!all.contains(QLatin1String(s)))
            all << QLatin1String(s);
    }
    return all;
}

UserCredential::UserCredential(const CloudSettings &cloud, QObject *parent)
    : TokenCredential(cloud, parent)
{
}

void UserCredential::setRefreshTokenStore(RefreshTokenStore *store, const QString &key)
{
    m_store = store;
    m_storeKey = key;
    m_storeLoaded = false;
}

QString UserCredential::storeKey() const
{
    if (!m_storeKey.isEmpty())
        return m_storeKey;
    return QStringLiteral("entra:%1|%2|%3")
        .arg(m_cloud.authorityHost.toString(), m_cloud.tenant, m_cloud.clientId);
}

void UserCredential::signOut()
{
    TokenCredential::signOut();
    m_refreshToken.clear();
    if (m_store)
        m_store->remove(storeKey());
}

AccessToken UserCredential::accept(const QJsonObject &answer)
{
    const QByteArray refresh = answer.value(QStringLiteral("refresh_token")).toString().toUtf8();
    if (!refresh.isEmpty()) {
        m_refreshToken = refresh;
        if (m_store)
            m_store->save(storeKey(), refresh);
    }
    return tokenFromAnswer(answer);
}

void UserCredential::acquire(const QStringList &scopes, TokenCallback done)
{
    if (m_signingIn) { // one sign-in at a time; the others use its refresh token
        m_waiting.append({scopes, done});
        return;
    }
    if (!m_refreshToken.isEmpty())
        return redeem(scopes, done);
    if (m_store && !m_storeLoaded) {
        m_storeLoaded = true;
        QPointer<UserCredential> self(this);
        m_store->load(storeKey(), [self, scopes, done](const QByteArray &stored) {
            if (!self)
                return;
            if (!stored.isEmpty() && self->m_refreshToken.isEmpty())
                self->m_refreshToken = stored;
            self->acquire(scopes, done);
        });
        return;
    }
    interactive(scopes, done);
}

void UserCredential::redeem(const QStringList &scopes, TokenCallback done)
{
    const QByteArray used = m_refreshToken;
    QPointer<UserCredential> self(this);
    postForm(m_cloud.oauthUrl(QStringLiteral("token")),
             {{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
              {QStringLiteral("client_id"), m_cloud.clientId},
              {QStringLiteral("refresh_token"), QString::fromUtf8(used)},
              {QStringLiteral("scope"), withUserScopes(scopes).join(QLatin1Char(' '))}},
             [self, scopes, done, used](const QJsonObject &answer, const CosmosError &error) {
                 if (!self)
                     return;
                 if (!error.isError())
                     return done(self->accept(answer), {});
                 if (error.code != QLatin1String("invalid_grant"))
                     return done({}, error);
                 // Expired or revoked: forget it and sign in again.
                 if (self->m_refreshToken == used) {
                     self->m_refreshToken.clear();
                     if (self->m_store)
                         self->m_store->remove(self->storeKey());
                 }
                 self->acquire(scopes, done);
             });
}

void UserCredential::interactive(const QStringList &scopes, TokenCallback done)
{
    m_signingIn = true;
    QPointer<UserCredential> self(this);
    signIn(withUserScopes(scopes),
           [self, done](const QJsonObject &answer, const CosmosError &error) {
               if (!self)
                   return;
               self->m_signingIn = false;
               const auto waiting = std::exchange(self->m_waiting, {});
               if (error.isError()) {
                   done({}, error);
                   for (const auto &w : waiting)
                       w.second({}, error);
                   return;
               }
               done(self->accept(answer), {});
               for (const auto &w : waiting)
                   self->acquire(w.first, w.second);
           });
}

} // namespace Cosmos::Entra
