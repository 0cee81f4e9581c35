#include "settings.h"

#include <QSettings>

namespace Cosmoscope {

static QString scopeKey(const QString &scope)
{
    // QSettings keys must not contain '/' or '\\'.
    return QString::fromLatin1(
        scope.toUtf8().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString SavedConnection::kindName(Kind kind)
{
    switch (kind) {
    case Kind::ConnectionString:
        return QStringLiteral("Connection string");
    case Kind::EndpointKey:
        return QStringLiteral("Endpoint and key");
    case Kind::ResourceToken:
        return QStringLiteral("Resource token");
    case Kind::Emulator:
        return QStringLiteral("Emulator");
    case Kind::Entra:
        return QStringLiteral("Microsoft Entra ID");
    }
    return {};
}

Settings::Settings()
    : m_settings(std::make_unique<QSettings>())
{
}

Settings::~Settings() = default;

QList<SavedConnection> Settings::connections() const
{
    QList<SavedConnection> result;
    const int n = m_settings->beginReadArray(QStringLiteral("connections"));
    for (int i = 0; i < n; ++i) {
        m_settings->setArrayIndex(i);
        SavedConnection c;
        c.id = m_settings->value(QStringLiteral("id")).toString();
        c.name = m_settings->value(QStringLiteral("name")).toString();
        c.endpoint = m_settings->value(QStringLiteral("endpoint")).toString();
        c.kind = SavedConnection::Kind(m_settings->value(QStringLiteral("kind")).toInt());
        c.caFile = m_settings->value(QStringLiteral("caFile")).toString();
        c.allowUntrustedLocalhost = m_settings->value(QStringLiteral("allowUntrusted")).toBool();
        c.resourceLink = m_settings->value(QStringLiteral("resourceLink")).toString();
        c.entraMethod = m_settings->value(QStringLiteral("entraMethod")).toString();
        c.entraCloud = m_settings->value(QStringLiteral("entraCloud")).toString();
        c.entraTenant = m_settings->value(QStringLiteral("entraTenant")).toString();
        c.authorityHost = m_settings->value(QStringLiteral("authorityHost")).toString();
        c.armEndpoint = m_settings->value(QStringLiteral("armEndpoint")).toString();
        c.armAccountId = m_settings->value(QStringLiteral("armAccountId")).toString();
        c.entraClientId = m_settings->value(QStringLiteral("entraClientId")).toString();
        c.entraSecretFromEnvironment
            = m_settings->value(QStringLiteral("entraSecretFromEnvironment")).toBool();
        c.preferredRegions = m_settings->value(QStringLiteral("preferredRegions")).toStringList();
        c.consistency = m_settings->value(QStringLiteral("consistency")).toString();
        if (!c.id.isEmpty())
            result.append(c);
    }
    m_settings->endArray();
    return result;
}

static void writeConnections(QSettings *s, const QList<SavedConnection> &list)
{
    s->remove(QStringLiteral("connections"));
    s->beginWriteArray(QStringLiteral("connections"), int(list.size()));
    for (int i = 0; i < list.size(); ++i) {
        const SavedConnection &c = list.at(i);
        s->setArrayIndex(i);
        s->setValue(QStringLiteral("id"), c.id);
        s->setValue(QStringLiteral("name"), c.name);
        s->setValue(QStringLiteral("endpoint"), c.endpoint);
        s->setValue(QStringLiteral("kind"), int(c.kind));
        s->setValue(QStringLiteral("caFile"), c.caFile);
        s->setValue(QStringLiteral("allowUntrusted"), c.allowUntrustedLocalhost);
        s->setValue(QStringLiteral("resourceLink"), c.resourceLink);
        if (c.kind == SavedConnection::Kind::Entra) {
            s->setValue(QStringLiteral("entraMethod"), c.entraMethod);
            s->setValue(QStringLiteral("entraCloud"), c.entraCloud);
            s->setValue(QStringLiteral("entraTenant"), c.entraTenant);
            s->setValue(QStringLiteral("authorityHost"), c.authorityHost);
            s->setValue(QStringLiteral("armEndpoint"), c.armEndpoint);
            s->setValue(QStringLiteral("armAccountId"), c.armAccountId);
            if (!c.entraClientId.isEmpty()) {
                s->setValue(QStringLiteral("entraClientId"), c.entraClientId);
                s->setValue(QStringLiteral("entraSecretFromEnvironment"),
                            c.entraSecretFromEnvironment);
            }
        }
        s->setValue(QStringLiteral("preferredRegions"), c.preferredRegions);
        s->setValue(QStringLiteral("consistency"), c.consistency);
    }
    s->endArray();
}

void Settings::saveConnection(const SavedConnection &connection)
{
    QList<SavedConnection> list = connections();
    bool replaced = false;
    for (SavedConnection &c : list) {
        if (c.id == connection.id) {
            c = connection;
            replaced = true;
        }
    }
    if (!replaced)
        list.append(connection);
    writeConnections(m_settings.get(), list);
}

void Settings::removeConnection(const QString &id)
{
    QList<SavedConnection> list = connections();
    list.removeIf([&id](const SavedConnection &c) { return c.id == id; });
    writeConnections(m_settings.get(), list);
}

QStringList Settings::queryHistory(const QString &scope) const
{
    return m_settings->value(QStringLiteral("history/") + scopeKey(scope)).toStringList();
}

void Settings::addQueryHistory(const QString &scope, const QString &query)
{
    const QString text = query.trimmed();
    if (text.isEmpty())
        return;
    QStringList list = queryHistory(scope);
    list.removeAll(text);
    list.prepend(text);
    while (list.size() > MaxHistory)
        list.removeLast();
    m_settings->setValue(QStringLiteral("history/") + scopeKey(scope), list);
}

QMap<QString, QString> Settings::savedQueries(const QString &scope) const
{
    QMap<QString, QString> result;
    const QVariantMap map
        = m_settings->value(QStringLiteral("savedQueries/") + scopeKey(scope)).toMap();
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        result.insert(it.key(), it.value().toString());
    return result;
}

void Settings::saveQuery(const QString &scope, const QString &name, const QString &query)
{
    const QString key = QStringLiteral("savedQueries/") + scopeKey(scope);
    QVariantMap map = m_settings->value(key).toMap();
    map.insert(name, query);
    m_settings->setValue(key, map);
}

int Settings::pageSize() const
{
    return qBound(1, m_settings->value(QStringLiteral("query/pageSize"), 100).toInt(), 10000);
}

void Settings::setPageSize(int size)
{
    m_settings->setValue(QStringLiteral("query/pageSize"), size);
}

int Settings::drainPageSize() const
{
    return qBound(1, m_settings->value(QStringLiteral("query/drainPageSize"), 1000).toInt(), 10000);
}

void Settings::setDrainPageSize(int size)
{
    m_settings->setValue(QStringLiteral("query/drainPageSize"), size);
}

double Settings::loadAllWarningRu() const
{
    return qMax(0.0, m_settings->value(QStringLiteral("query/loadAllWarningRu"), 5000).toDouble());
}

void Settings::setLoadAllWarningRu(double ru)
{
    m_settings->setValue(QStringLiteral("query/loadAllWarningRu"), ru);
}

QByteArray Settings::splitterState(const QString &name) const
{
    return m_settings->value(QStringLiteral("splitters/") + name).toByteArray();
}

void Settings::setSplitterState(const QString &name, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("splitters/") + name, state);
}

QByteArray Settings::windowGeometry() const
{
    return m_settings->value(QStringLiteral("window/geometry")).toByteArray();
}

QByteArray Settings::windowState() const
{
    return m_settings->value(QStringLiteral("window/state")).toByteArray();
}

void Settings::setWindowGeometry(const QByteArray &geometry, const QByteArray &state)
{
    m_settings->setValue(QStringLiteral("window/geometry"), geometry);
    m_settings->setValue(QStringLiteral("window/state"), state);
}

QString Settings::theme() const
{
    return m_settings->value(QStringLiteral("appearance/theme"), QStringLiteral("system"))
        .toString();
}

void Settings::setTheme(const QString &theme)
{
    m_settings->setValue(QStringLiteral("appearance/theme"), theme);
}

QVariantMap Settings::session() const
{
    return m_settings->value(QStringLiteral("session/state")).toMap();
}

void Settings::setSession(const QVariantMap &session)
{
    m_settings->setValue(QStringLiteral("session/state"), session);
}

} // namespace Cosmoscope
