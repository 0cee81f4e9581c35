#pragma once

#include <QHash>
#include <QObject>

#include <functional>

namespace Cosmoscope {

/// Account keys and tokens: kept in the OS keychain through QtKeychain (async jobs).
/// When no keychain is available the secret stays in this process's memory only, for this
/// run, and `memoryOnly` tells the caller so it can say it to the user. Never written in clear.
class SecretStore : public QObject
{
    Q_OBJECT
public:
    explicit SecretStore(QObject *parent = nullptr);

    using WriteCallback = std::function<void(bool persisted, const QString &message)>;
    using ReadCallback = std::function<void(const QString &secret, bool found)>;

    void write(const QString &key, const QString &secret, QObject *context, WriteCallback callback);
    void read(const QString &key, QObject *context, ReadCallback callback);
    void remove(const QString &key);

    /// Tests and headless runs: skip the keychain (COSMOSCOPE_NO_KEYCHAIN=1 does the same).
    void setKeychainEnabled(bool enabled) { m_keychainEnabled = enabled; }

private:
    QHash<QString, QString> m_memory;
    bool m_keychainEnabled = true;
};

} // namespace Cosmoscope
