#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace Cosmoscope {

/// A remembered connection. Never holds the secret: that lives in the keychain under `id`.
struct SavedConnection
{
    enum class Kind { ConnectionString, EndpointKey, ResourceToken, Emulator, Entra };

    QString id;
    QString name;
    QString endpoint;
    Kind kind = Kind::EndpointKey;
    QString caFile;
    bool allowUntrustedLocalhost = false;
    QString resourceLink; ///< with Kind::ResourceToken: the link the token is for
    /// With Kind::Entra (no token here: the refresh token is in the keychain under `id`):
    QString entraMethod;  ///< "browser", "devicecode", "serviceprincipal" or "azurecli"
    QString entraCloud;   ///< "public", "usgov", "china" or "custom"
    QString entraTenant;  ///< tenant id or domain; empty: organizations
    QString authorityHost; ///< custom cloud: the identity platform
    QString armEndpoint;   ///< custom cloud: Azure Resource Manager
    QString armAccountId;  ///< the account's ARM id when known (opened from the Azure tree)
    /// "serviceprincipal": the application (client) id; its secret is in the keychain under
    /// `id`, or read from AZURE_CLIENT_SECRET when `entraSecretFromEnvironment`.
    QString entraClientId;
    bool entraSecretFromEnvironment = false;
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
    /// "Load all" asks first when its estimated cost is above this many RU (0: never asks).
    double loadAllWarningRu() const;
    void setLoadAllWarningRu(double ru);
    /// A splitter's state by name ("items/splitter"), empty when never saved.
    QByteArray splitterState(const QString &name) const;
    void setSplitterState(const QString &name, const QByteArray &state);

    QByteArray windowGeometry() const;
    QByteArray windowState() const;
    void setWindowGeometry(const QByteArray &geometry, const QByteArray &state);

    /// "system" (default), "light" or "dark".
    QString theme() const;
    void setTheme(const QString &theme);

    /// The last session (open saved accounts, tabs): written on quit, read on the next start.
    /// Holds no secrets: accounts are named by their saved connection's id.
    QVariantMap session() const;
    void setSession(const QVariantMap &session);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace Cosmoscope
