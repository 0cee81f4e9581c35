#pragma once

#include "cosmoserror.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace Cosmos {

/// A partition key value: one component, or several for hierarchical (MultiHash) keys.
class PartitionKey
{
public:
    PartitionKey() = default;
    explicit PartitionKey(const QJsonArray &components) : m_components(components), m_set(true) {}
    static PartitionKey fromValue(const QJsonValue &value);
    /// From JSON text: `"a"` → ["a"], `["a",1]` → ["a",1], `12` → [12], `null` → [null].
    static PartitionKey fromJsonText(const QString &text, CosmosError *error);
    /// Reads the key of `document` at `paths` ("/a/b"); a missing path is undefined ({}).
    static PartitionKey fromDocument(const QJsonObject &document, const QStringList &paths);

    bool isSet() const { return m_set; }
    QJsonArray components() const { return m_components; }
    /// x-ms-documentdb-partitionkey header value, compact JSON array, ASCII only.
    QByteArray headerValue() const;
    /// For display: the single value, or the array for hierarchical keys.
    QString displayText() const;

    bool operator==(const PartitionKey &o) const
    {
        return m_set == o.m_set && m_components == o.m_components;
    }

private:
    QJsonArray m_components;
    bool m_set = false;
};

/// A container's partitionKey definition.
struct PartitionKeyDefinition
{
    QStringList paths;             ///< "/category", or several for MultiHash
    QString kind = QStringLiteral("Hash");
    int version = 2;

    bool isHierarchical() const { return paths.size() > 1; }
    QJsonObject toJson() const;
    static PartitionKeyDefinition fromJson(const QJsonObject &o);
    /// From "/a" or "/a,/b,/c"; each path must start with '/'.
    static PartitionKeyDefinition fromPathList(const QString &text, CosmosError *error);
};

} // namespace Cosmos
