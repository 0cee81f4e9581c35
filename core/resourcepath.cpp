#include "resourcepath.h"

#include <QUrl>

namespace Cosmos {

QString pathSegment(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Account: return {};
    case ResourceKind::Database: return QStringLiteral("dbs");
    case ResourceKind::Container: return QStringLiteral("colls");
    case ResourceKind::Item: return QStringLiteral("docs");
    case ResourceKind::StoredProcedure: return QStringLiteral("sprocs");
    case ResourceKind::Trigger: return QStringLiteral("triggers");
    case ResourceKind::Udf: return QStringLiteral("udfs");
    case ResourceKind::User: return QStringLiteral("users");
    case ResourceKind::Permission: return QStringLiteral("permissions");
    case ResourceKind::Conflict: return QStringLiteral("conflicts");
    case ResourceKind::Offer: return QStringLiteral("offers");
    case ResourceKind::PartitionKeyRange: return QStringLiteral("pkranges");
    }
    return {};
}

QString feedKey(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Account: return {};
    case ResourceKind::Database: return QStringLiteral("Databases");
    case ResourceKind::Container: return QStringLiteral("DocumentCollections");
    case ResourceKind::Item: return QStringLiteral("Documents");
    case ResourceKind::StoredProcedure: return QStringLiteral("StoredProcedures");
    case ResourceKind::Trigger: return QStringLiteral("Triggers");
    case ResourceKind::Udf: return QStringLiteral("UserDefinedFunctions");
    case ResourceKind::User: return QStringLiteral("Users");
    case ResourceKind::Permission: return QStringLiteral("Permissions");
    case ResourceKind::Conflict: return QStringLiteral("Conflicts");
    case ResourceKind::Offer: return QStringLiteral("Offers");
    case ResourceKind::PartitionKeyRange: return QStringLiteral("PartitionKeyRanges");
    }
    return {};
}

QString displayName(ResourceKind kind)
{
    switch (kind) {
    case ResourceKind::Account: return QStringLiteral("account");
    case ResourceKind::Database: return QStringLiteral("database");
    case ResourceKind::Container: return QStringLiteral("container");
    case ResourceKind::Item: return QStringLiteral("item");
    case ResourceKind::StoredProcedure: return QStringLiteral("stored procedure");
    case ResourceKind::Trigger: return QStringLiteral("trigger");
    case ResourceKind::Udf: return QStringLiteral("user-defined function");
    case ResourceKind::User: return QStringLiteral("user");
    case ResourceKind::Permission: return QStringLiteral("permission");
    case ResourceKind::Conflict: return QStringLiteral("conflict");
    case ResourceKind::Offer: return QStringLiteral("offer");
    case ResourceKind::PartitionKeyRange: return QStringLiteral("partition key range");
    }
    return {};
}

ResourcePath ResourcePath::database(const QString &db)
{
    return ResourcePath().child(ResourceKind::Database, db);
}

ResourcePath ResourcePath::container(const QString &db, const QString &container)
{
    return database(db).child(ResourceKind::Container, container);
}

ResourcePath ResourcePath::offer(const QString &offerRid)
{
    return ResourcePath().child(ResourceKind::Offer, offerRid);
}

ResourcePath ResourcePath::offers()
{
    return ResourcePath().feed(ResourceKind::Offer);
}

ResourcePath ResourcePath::child(ResourceKind kind, const QString &id) const
{
    ResourcePath p = *this;
    p.m_isFeed = false;
    p.m_feedKind = ResourceKind::Account;
    p.m_segments.append({kind, id});
    return p;
}

ResourcePath ResourcePath::feed(ResourceKind kind) const
{
    ResourcePath p = *this;
    p.m_isFeed = true;
    p.m_feedKind = kind;
    return p;
}

ResourcePath ResourcePath::parent() const
{
    ResourcePath p = *this;
    if (p.m_isFeed) {
        p.m_isFeed = false;
        p.m_feedKind = ResourceKind::Account; // equal to the owner as addressed directly
    } else if (!p.m_segments.isEmpty()) {
        p.m_segments.removeLast();
    }
    return p;
}

ResourceKind ResourcePath::kind() const
{
    if (m_isFeed)
        return m_feedKind;
    return m_segments.isEmpty() ? ResourceKind::Account : m_segments.last().first;
}

QString ResourcePath::id() const
{
    return m_isFeed || m_segments.isEmpty() ? QString() : m_segments.last().second;
}

static QString segmentId(const QList<QPair<ResourceKind, QString>> &segments, ResourceKind kind)
{
    for (const auto &s : segments) {
        if (s.first == kind)
            return s.second;
    }
    return {};
}

QString ResourcePath::databaseId() const
{
    return segmentId(m_segments, ResourceKind::Database);
}

QString ResourcePath::containerId() const
{
    return segmentId(m_segments, ResourceKind::Container);
}

QString ResourcePath::containerLink() const
{
    const QString c = containerId();
    if (c.isEmpty())
        return {};
    return QStringLiteral("dbs/") + databaseId() + QStringLiteral("/colls/") + c;
}

QString ResourcePath::link() const
{
    QStringList parts;
    for (const auto &s : m_segments)
        parts << pathSegment(s.first) << s.second;
    return parts.join(QLatin1Char('/'));
}

QString ResourcePath::urlPath() const
{
    QString path;
    for (const auto &s : m_segments) {
        path += QLatin1Char('/') + pathSegment(s.first) + QLatin1Char('/')
                + QString::fromLatin1(QUrl::toPercentEncoding(s.second));
    }
    if (m_isFeed)
        path += QLatin1Char('/') + pathSegment(m_feedKind);
    return path.isEmpty() ? QStringLiteral("/") : path;
}

QString ResourcePath::resourceType() const
{
    if (m_isFeed)
        return pathSegment(m_feedKind);
    return m_segments.isEmpty() ? QString() : pathSegment(m_segments.last().first);
}

QString ResourcePath::resourceLink() const
{
    // Offers are RID-based: the lowercased rid, and an empty link for the feed.
    if (kind() == ResourceKind::Offer)
        return m_isFeed ? QString() : id().toLower();
    return link();
}

} // namespace Cosmos
