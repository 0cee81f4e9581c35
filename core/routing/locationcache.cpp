#include "locationcache.h"

#include <QJsonArray>

namespace Cosmos::Routing {

LocationCache::LocationCache(const QUrl &defaultEndpoint, const QStringList &preferredRegions)
    : m_default(defaultEndpoint)
    , m_preferred(preferredRegions)
{}

QString LocationCache::key(const QUrl &url)
{
    return url.scheme() + QLatin1String("://") + url.host().toLower() + QLatin1Char(':')
           + QString::number(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
}

static QList<QPair<QString, QUrl>> locationsOf(const QJsonValue &value)
{
    QList<QPair<QString, QUrl>> out;
    for (const QJsonValue &v : value.toArray()) {
        const QJsonObject o = v.toObject();
        const QUrl url(o.value(QStringLiteral("databaseAccountEndpoint")).toString());
        if (url.isValid() && !url.host().isEmpty()
            && (url.scheme() == QLatin1String("https") || url.scheme() == QLatin1String("http")))
            out.append({o.value(QStringLiteral("name")).toString(), url});
    }
    return out;
}

bool LocationCache::update(const QJsonObject &account)
{
    const auto writable = locationsOf(account.value(QStringLiteral("writableLocations")));
    const auto readable = locationsOf(account.value(QStringLiteral("readableLocations")));
    if (writable.isEmpty() && readable.isEmpty())
        return false;
    m_writable.clear();
    m_readable.clear();
    for (const auto &l : writable)
        m_writable << Location{l.first, l.second};
    for (const auto &l : readable)
        m_readable << Location{l.first, l.second};
    if (m_readable.isEmpty())
        m_readable = m_writable;
    m_singleRegion.clear();
    QStringList names;
    for (const Location &l : m_writable + m_readable) {
        if (!names.contains(l.name))
            names << l.name;
    }
    if (names.size() == 1) {
        m_singleRegion = names.first();
        m_writable = m_readable = {Location{m_singleRegion, m_default}};
    }
    m_accountConsistency = account.value(QStringLiteral("userConsistencyPolicy"))
                               .toObject()
                               .value(QStringLiteral("defaultConsistencyLevel"))
                               .toString();
    m_discovered = true;
    return true;
}

bool LocationCache::isAvailable(const QUrl &endpoint) const
{
    const auto it = m_unavailableUntil.constFind(key(endpoint));
    return it == m_unavailableUntil.cend() || it.value() <= QDateTime::currentDateTimeUtc();
}

void LocationCache::markUnavailable(const QUrl &endpoint)
{
    m_unavailableUntil.insert(key(endpoint),
                              QDateTime::currentDateTimeUtc().addSecs(UnavailableSeconds));
}

QUrl LocationCache::writeEndpoint() const
{
    return m_writable.isEmpty() ? m_default : m_writable.first().endpoint;
}

QList<QUrl> LocationCache::readEndpoints() const
{
    if (!m_discovered)
        return {m_default};
    QList<QUrl> ordered;
    const auto addUnique = [&ordered](const QUrl &u) {
        for (const QUrl &o : std::as_const(ordered))
            if (key(o) == key(u))
                return;
        ordered << u;
    };
    for (const QString &name : m_preferred) {
        for (const Location &l : m_readable) {
            if (l.name.compare(name.trimmed(), Qt::CaseInsensitive) == 0)
                addUnique(l.endpoint);
        }
    }
    for (const Location &l : m_readable)
        addUnique(l.endpoint);
    QList<QUrl> available;
    QList<QUrl> failed;
    for (const QUrl &u : std::as_const(ordered))
        (isAvailable(u) ? available : failed) << u;
    return available + failed; // failed ones last, still tried when nothing else answers
}

QList<QUrl> LocationCache::allEndpoints() const
{
    QList<QUrl> out{m_default};
    for (const QUrl &u : readEndpoints()) {
        if (key(u) != key(m_default))
            out << u;
    }
    if (key(writeEndpoint()) != key(m_default) && !out.contains(writeEndpoint()))
        out << writeEndpoint();
    return out;
}

QString LocationCache::regionOf(const QUrl &endpoint) const
{
    for (const Location &l : m_writable + m_readable) {
        if (key(l.endpoint) == key(endpoint))
            return l.name;
    }
    return {};
}

QStringList LocationCache::readableRegions() const
{
    QStringList out;
    for (const Location &l : m_readable)
        out << l.name;
    return out;
}

} // namespace Cosmos::Routing
