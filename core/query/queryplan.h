#pragma once

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace Cosmos::Query {

/// One physical partition key range of a container (`GET …/pkranges`).
struct PartitionKeyRange
{
    QString id;
    QString minInclusive;
    QString maxExclusive;
    QStringList parents;
};

/// A range of effective partition keys the query needs (`queryRanges` of a plan).
struct EpkRange
{
    QString min;
    QString max;
    bool minInclusive = true;
    bool maxInclusive = false;
};

enum class AggregateType { Count, Sum, Min, Max, Average };
enum class DistinctType { None, Ordered, Unordered };

/// The service's answer to a query-plan request (partitionedQueryExecutionInfo, version 2).
struct QueryPlan
{
    DistinctType distinct = DistinctType::None;
    std::optional<int> top;
    std::optional<int> offset;
    std::optional<int> limit;
    QList<bool> orderByDescending;           ///< one per ORDER BY expression
    QStringList orderByExpressions;
    QStringList groupByExpressions;
    QList<AggregateType> aggregates;         ///< VALUE aggregates
    QMap<QString, AggregateType> aliasAggregates; ///< non-VALUE: alias ($1, n…) → type
    /// Non-VALUE projection names in SELECT order (groupByAliases, else the keys of
    /// groupByAliasToAggregateType); those not in aliasAggregates are group keys.
    QStringList groupByAliases;
    QString rewrittenQuery;
    bool hasSelectValue = false;
    bool hasDCount = false;
    bool hasNonStreamingOrderBy = false;
    QList<EpkRange> queryRanges;

    /// Parses the plan; unknown aggregate names make `error` non-empty.
    static QueryPlan fromJson(const QJsonObject &json, QString *error = nullptr);

    bool isGroupBy() const { return !groupByExpressions.isEmpty(); }
    /// Results are grouped client-side (aggregates, GROUP BY): every range is drained first.
    bool isAggregate() const
    {
        return !aggregates.isEmpty() || !aliasAggregates.isEmpty() || isGroupBy();
    }
    /// Something the client must do itself (merge, aggregate, distinct, skip/take).
    bool needsPipeline() const;
    /// A user-facing sentence when this executor cannot run the plan; empty when it can.
    QString unsupportedReason() const;
    /// The query each range runs: the rewritten one (placeholder filter replaced), else `original`.
    QString rangeQuery(const QString &original) const;
};

/// The features announced in x-ms-cosmos-supported-query-features.
QByteArray supportedQueryFeatures();

/// The live ranges (parents of other ranges dropped), sorted by minInclusive.
QList<PartitionKeyRange> liveRanges(const QList<PartitionKeyRange> &all);
/// Ranges overlapping any of `query` (all ranges when `query` is empty), in minInclusive order.
QList<PartitionKeyRange> overlappingRanges(const QList<PartitionKeyRange> &ranges,
                                           const QList<EpkRange> &query);

} // namespace Cosmos::Query
