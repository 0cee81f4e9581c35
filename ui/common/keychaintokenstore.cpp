#include "keychaintokenstore.h"

#include "secretstore.h"

namespace Cosmoscope {

KeychainTokenStore::KeychainTokenStore(SecretStore *secrets, QObject *parent)
    : QObject(parent)
    , m_secrets(secrets)
{
}

QString KeychainTokenStore::keyFor(const QString &connectionId)
{
    return QStringLiteral("entra-refresh:") + connectionId;
}

void KeychainTokenStore::load(const QString &key, std::function<void(const QByteArray &)> done)
{
    if (!m_secrets) {
        done({});
        return;
    }
    m_secrets->read(key, this, [done](const QString &secret, bool found) {
        done(found ? secret.toLatin1() : QByteArray());
    });
}

void KeychainTokenStore::save(const QString &key, const QByteArray &refreshToken)
{
    if (m_secrets)
        m_secrets->write(
            key, QString::fromLatin1(refreshToken), this, [](bool, const QString &) {});
}

void KeychainTokenStore::remove(const QString &key)
{
    if (m_secrets)
        m_secrets->remove(key);
}

} // namespace Cosmoscope
