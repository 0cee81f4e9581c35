#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace Cosmos {

/// Kinds of resources, with their REST path segment and feed key.
enum class ResourceKind {
    Account,
    Database,
    Container,
    Item,
    StoredProcedure,
    Trigger,
    Udf,
    User,
    Permission,
    Conflict,
    Offer,
    PartitionKeyRange
};

QString pathSegment(ResourceKind kind);     ///< "dbs", "colls", "docs", …
QString feedKey(ResourceKind kind);         ///< "Databases", "DocumentCollections", …
QString displayName(ResourceKind kind);     ///< "database", "container", "item", …

/// A name-based address of a resource or of a feed of resources
/// (offers are addressed by RID). Knows its URL path, and the resource type and link
/// that the master-key signature covers.
class ResourcePath
{
public:
    ResourcePath() = default; ///< the account

    static ResourcePath database(const QString &db);
    static ResourcePath container(const QString &db, const QString &container);
    static ResourcePath offer(const QString &offerRid);
    static ResourcePath offers();
    static ResourcePath databases() { return ResourcePath().feed(ResourceKind::Database); }

    /// The named child of this resource: `database("d").child(Container, "c")`.
    ResourcePath child(ResourceKind kind, const QString &id) const;
    /// The feed of children of a kind: `container(d, c).feed(Item)` → /dbs/d/colls/c/docs.
    ResourcePath feed(ResourceKind kind) const;
    /// The resource that holds this one (a feed's owner, or a resource's owner).
    ResourcePath parent() const;

    bool isAccount() const { return m_segments.isEmpty() && !m_isFeed; }
    bool isFeed() const { return m_isFeed; }
    /// The kind addressed: for a feed, the kind of its members.
    ResourceKind kind() const;
    QString id() const; ///< last id, empty for a feed or the account
    QString databaseId() const;
    QString containerId() const;
    /// dbs/d/colls/c when this path is inside a container, else empty.
    QString containerLink() const;

    QString urlPath() const;      ///< percent-escaped, leading '/'
    QString resourceType() const; ///< signed type ("docs" for an item or a docs feed)
    QString resourceLink() const; ///< signed link, unescaped
    QString link() const;         ///< name-based link of the resource itself (dbs/d/colls/c)

    bool operator==(const ResourcePath &o) const
    {
        return m_segments == o.m_segments && m_isFeed == o.m_isFeed && m_feedKind == o.m_feedKind;
    }

private:
    QList<QPair<ResourceKind, QString>> m_segments;
    bool m_isFeed = false;
    ResourceKind m_feedKind = ResourceKind::Account;
};

} // namespace Cosmos
