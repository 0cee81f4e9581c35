#include "queryplan.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace Cosmos::Query {

static std::optional<int> optionalInt(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toInt();
    return std::nullopt;
}

static bool aggregateFromName(const QString &name, AggregateType *type)
{
    static const QMap<QString, AggregateType> names{
        {QStringLiteral("count"), AggregateType::Count}, {QStringLiteral("sum"), AggregateType::Sum},
        {QStringLiteral("min"), AggregateType::Min},     {QStringLiteral("max"), AggregateType::Max},
        {QStringLiteral("average"), AggregateType::Average}, {QStringLiteral("avg"), AggregateType::Average}};
    const auto it = names.constFind(name.toLower());
    if (it == names.cend())
        return false;
    *type = it.value();
    return true;
}

QueryPlan QueryPlan::fromJson(const QJsonObject &json, QString *error)
{
    QueryPlan p;
    const QJsonObject info = json.value(QStringLiteral("queryInfo")).toObject();
    const QString distinct = info.value(QStringLiteral("distinctType")).toString();
    if (distinct == QLatin1String("Ordered"))
        p.distinct = DistinctType::Ordered;
    else if (distinct == QLatin1String("Unordered"))
        p.distinct = DistinctType::Unordered;
    p.top = optionalInt(info.value(QStringLiteral("top")));
    p.offset = optionalInt(info.value(QStringLiteral("offset")));
    p.limit = optionalInt(info.value(QStringLiteral("limit")));
    for (const QJsonValue &o : info.value(QStringLiteral("orderBy")).toArray())
        p.orderByDescending << (o.toString() == QLatin1String("Descending"));
    for (const QJsonValue &e : info.value(QStringLiteral("orderByExpressions")).toArray())
        p.orderByExpressions << e.toString();
    for (const QJsonValue &e : info.value(QStringLiteral("groupByExpressions")).toArray())
        p.groupByExpressions << e.toString();
    QStringList unknown;
    for (const QJsonValue &a : info.value(QStringLiteral("aggregates")).toArray()) {
        AggregateType t;
        if (aggregateFromName(a.toString(), &t))
            p.aggregates << t;
        else
            unknown << a.toString();
    }
    const QJsonObject aliases = info.value(QStringLiteral("groupByAliasToAggregateType")).toObject();
    for (auto it = aliases.begin(); it != aliases.end(); ++it) {
        AggregateType t;
        if (it.value().isNull())
            continue; // a group key (or other non-aggregate) in a GROUP BY projection
        if (aggregateFromName(it.value().toString(), &t))
            p.aliasAggregates.insert(it.key(), t);
        else
            unknown << it.value().toString();
    }
    for (const QJsonValue &a : info.value(QStringLiteral("groupByAliases")).toArray())
        p.groupByAliases << a.toString();
    if (p.groupByAliases.isEmpty())
        p.groupByAliases = aliases.keys();
    p.rewrittenQuery = info.value(QStringLiteral("rewrittenQuery")).toString();
    p.hasSelectValue = info.value(QStringLiteral("hasSelectValue")).toBool();
    p.hasDCount = info.value(QStringLiteral("dCountInfo")).isObject();
    p.hasNonStreamingOrderBy = info.value(QStringLiteral("hasNonStreamingOrderBy")).toBool();
    for (const QJsonValue &r : json.value(QStringLiteral("queryRanges")).toArray()) {
        const QJsonObject o = r.toObject();
        p.queryRanges << EpkRange{o.value(QStringLiteral("min")).toString(),
                                  o.value(QStringLiteral("max")).toString(),
                                  o.value(QStringLiteral("isMinInclusive")).toBool(true),
                                  o.value(QStringLiteral("isMaxInclusive")).toBool(false)};
    }
    if (error && !unknown.isEmpty())
        *error = QStringLiteral("Unsupported aggregate %1.").arg(unknown.join(QStringLiteral(", ")));
    return p;
}

bool QueryPlan::needsPipeline() const
{
    return top || offset || limit || !orderByDescending.isEmpty() || isAggregate()
           || distinct != DistinctType::None || !groupByExpressions.isEmpty();
}

QString QueryPlan::unsupportedReason() const
{
    if (hasDCount)
        return QStringLiteral("COUNT(DISTINCT …) across partitions is not supported yet; add a partition key.");
    if (hasNonStreamingOrderBy)
        return QStringLiteral("Vector/full-text ORDER BY across partitions is not supported yet; add a partition key.");
    if (!aggregates.isEmpty() && !hasSelectValue && aliasAggregates.isEmpty() && !isGroupBy())
        return QStringLiteral("This aggregate form across partitions is not supported yet; use SELECT VALUE or add a partition key.");
    if (aggregates.size() > 1)
        return QStringLiteral("Several VALUE aggregates across partitions are not supported; add a partition key.");
    if (isAggregate() && !orderByDescending.isEmpty())
        return QStringLiteral("ORDER BY together with aggregates across partitions is not supported; add a partition key.");
    return {};
}

QString QueryPlan::rangeQuery(const QString &original) const
{
    if (rewrittenQuery.isEmpty())
        return original;
    QString q = rewrittenQuery;
    q.replace(QStringLiteral("{documentdb-formattableorderbyquery-filter}"), QStringLiteral("true"));
    return q;
}

QByteArray supportedQueryFeatures()
{
    return "Aggregate, CompositeAggregate, Distinct, GroupBy, MultipleOrderBy, OffsetAndLimit, "
           "OrderBy, Top, NonValueAggregate";
}

QList<PartitionKeyRange> liveRanges(const QList<PartitionKeyRange> &all)
{
    QSet<QString> parents;
    for (const PartitionKeyRange &r : all)
        for (const QString &p : r.parents)
            parents.insert(p);
    QList<PartitionKeyRange> out;
    for (const PartitionKeyRange &r : all)
        if (!parents.contains(r.id))
            out << r;
    std::sort(out.begin(), out.end(), [](const PartitionKeyRange &a, const PartitionKeyRange &b) {
        return a.minInclusive < b.minInclusive;
    });
    return out;
}

static bool overlaps(const PartitionKeyRange &r, const EpkRange &q)
{
    // r = [min, max); q = min..max with inclusiveness flags. EPKs compare as strings.
    const bool startsBeforeRangeEnd = q.min < r.maxExclusive;
    const bool endsAfterRangeStart = q.maxInclusive ? q.max >= r.minInclusive
                                                    : q.max > r.minInclusive;
    return startsBeforeRangeEnd && endsAfterRangeStart;
}

QList<PartitionKeyRange> overlappingRanges(const QList<PartitionKeyRange> &ranges,
                                           const QList<EpkRange> &query)
{
    if (query.isEmpty())
        return ranges;
    QList<PartitionKeyRange> out;
    for (const PartitionKeyRange &r : ranges) {
        if (std::any_of(query.cbegin(), query.cend(), [&r](const EpkRange &q) { return overlaps(r, q); }))
            out << r;
    }
    return out;
}

} // namespace Cosmos::Query
