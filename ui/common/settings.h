#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace Cosmoscope {

/// A remembered connection. Never holds the secret: that lives in the keychain under `id`.
struct SavedConnection
{
    enum class Kind { ConnectionString, EndpointKey, ResourceToken, Emulator };

    QString id;
    QString name;
    QString endpoint;
    Kind kind = Kind::EndpointKey;
    QString caFile;
    bool allowUntrustedLocalhost = false;
    QString resourceLink; ///< with Kind::ResourceToken: the link the token is for
    QStringList preferredRegions; ///< read from these regions first, in order
    QString consistency;          ///< sent with every request; empty: the account's default

    static QString kindName(Kind kind);
};

/// The one place that reads and writes preferences (QSettings), with defaults.
class Settings
{
public:
    Settings();
    ~Settings();

    QList<SavedConnection> connections() const;
    void saveConnection(const SavedConnection &connection); ///< by id: adds or replaces
    void removeConnection(const QString &id);

    static constexpr int MaxHistory = 30;
    /// Most recent first. `scope` names the container ("endpoint|db/coll").
    QStringList queryHistory(const QString &scope) const;
    void addQueryHistory(const QString &scope, const QString &query);

    QMap<QString, QString> savedQueries(const QString &scope) const;
    void saveQuery(const QString &scope, const QString &name, const QString &query);

    int pageSize() const;
    void setPageSize(int size);
    /// Page size used by "Load all" (bigger pages drain faster).
    int drainPageSize() const;
    void setDrainPageSize(int size);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace Cosmoscope
