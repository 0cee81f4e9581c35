#pragma once

#include <entra/tokencredential.h>

#include <QObject>
#include <QPointer>

namespace Cosmoscope {

class SecretStore;

/// Refresh tokens of signed-in Entra users in the OS keychain (through SecretStore, which
/// falls back to this process's memory when no keychain is available). Signing out removes
/// the entry. Nothing is written to the settings file.
class KeychainTokenStore : public QObject, public Cosmos::Entra::RefreshTokenStore
{
    Q_OBJECT
public:
    explicit KeychainTokenStore(SecretStore *secrets, QObject *parent = nullptr);

    void load(const QString &key, std::function<void(const QByteArray &)> done) override;
    void save(const QString &key, const QByteArray &refreshToken) override;
    void remove(const QString &key) override;

    /// The keychain entry of a saved connection's refresh token.
    static QString keyFor(const QString &connectionId);

private:
    QPointer<SecretStore> m_secrets;
};

} // namespace Cosmoscope
