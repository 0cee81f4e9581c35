#include "querypipeline.h"

#include "jsonorder.h"
#include "jsontext.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace Cosmos::Query {

QueryPipeline::QueryPipeline(const QueryPlan &plan, int rangeCount)
    : m_plan(plan)
    , m_ranges(rangeCount)
    , m_committedPos(rangeCount, 0)
{
    if (!plan.hasSelectValue) {
        m_aliases = plan.groupByAliases;
        for (auto it = plan.aliasAggregates.cbegin(); it != plan.aliasAggregates.cend(); ++it) {
            if (!m_aliases.contains(it.key()))
                m_aliases << it.key();
        }
    }
    if (plan.limit)
        m_cap = *plan.limit;
    if (plan.top)
        m_cap = m_cap < 0 ? *plan.top : std::min<qint64>(m_cap, *plan.top);
}

QList<int> QueryPipeline::wantedRanges() const
{
    QList<int> out;
    if (capReached())
        return out;
    const bool aggregate = m_plan.isAggregate();
    const bool ordered = !aggregate && !m_plan.orderByDescending.isEmpty();
    for (int i = 0; i < m_ranges.size(); ++i) {
        const Range &r = m_ranges.at(i);
        if (aggregate || ordered) {
            if (r.more && r.exhausted())
                out << i;
            continue;
        }
        if (r.exhausted() && !r.more)
            continue; // drained: the next range is current
        if (r.exhausted())
            out << i;
        break;
    }
    return out;
}

void QueryPipeline::addPage(int range, const QJsonArray &rows, bool more,
                            const QList<QByteArray> &raw)
{
    Range &r = m_ranges[range];
    r.more = more;
    if (!m_plan.isAggregate()) {
        const bool withRaw = raw.size() == rows.size();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            r.rows << rows.at(i);
            r.raw << (withRaw ? raw.at(i) : QByteArray());
        }
        return;
    }
    for (const QJsonValue &row : rows)
        addGroupRow(row);
}

QueryPipeline::Group QueryPipeline::newGroup() const
{
    Group g;
    if (m_plan.hasSelectValue) {
        GroupField f;
        f.aggregate = !m_plan.aggregates.isEmpty();
        if (f.aggregate)
            f.aggregator = Aggregator(m_plan.aggregates.first());
        g.fields << f;
        return g;
    }
    for (const QString &alias : m_aliases) {
        GroupField f;
        const auto it = m_plan.aliasAggregates.constFind(alias);
        f.aggregate = it != m_plan.aliasAggregates.cend();
        if (f.aggregate)
            f.aggregator = Aggregator(it.value());
        g.fields << f;
    }
    return g;
}

// A range row: {"groupByItems": […], "payload": …} with GROUP BY, else the payload itself
// (VALUE: [{"item": …}]; non-VALUE: {"payload": {"n": {"item": …}}} or {"n": {"item": …}}).
void QueryPipeline::addGroupRow(const QJsonValue &row)
{
    const QJsonObject o = row.toObject();
    QByteArray key;
    QJsonValue payload = row;
    if (row.isObject() && o.contains(QStringLiteral("groupByItems"))) {
        key = canonicalJson(o.value(QStringLiteral("groupByItems")));
        payload = o.value(QStringLiteral("payload"));
    } else if (!m_plan.hasSelectValue && o.contains(QStringLiteral("payload"))) {
        payload = o.value(QStringLiteral("payload"));
    }
    auto found = m_groupIndex.constFind(key);
    if (found == m_groupIndex.cend()) {
        found = m_groupIndex.insert(key, int(m_groups.size()));
        m_groups << newGroup();
    }
    Group &g = m_groups[found.value()];
    const QJsonObject fields = payload.toObject();
    for (qsizetype i = 0; i < g.fields.size(); ++i) {
        GroupField &f = g.fields[i];
        const QJsonValue v = m_plan.hasSelectValue ? payload : fields.value(m_aliases.at(i));
        if (f.aggregate)
            f.aggregator.add(partialItem(v));
        else if (f.first.isUndefined())
            f.first = v; // a group key: the same in every row of the group
    }
}

// A computed value's JSON text (QJsonDocument holds only arrays and objects).
static QByteArray valueText(const QJsonValue &value)
{
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

void QueryPipeline::buildAggregateResult()
{
    m_aggregateBuilt = true;
    if (m_groups.isEmpty() && !m_plan.isGroupBy())
        m_groups << newGroup(); // no rows at all: COUNT is still 0
    for (const Group &g : std::as_const(m_groups)) {
        auto valueOf
            = [](const GroupField &f) { return f.aggregate ? f.aggregator.result() : f.first; };
        if (m_plan.hasSelectValue) {
            const QJsonValue v = valueOf(g.fields.first());
            if (!v.isUndefined()) {
                m_aggregateResults << v;
                m_aggregateRaw << valueText(v);
            }
            continue;
        }
        // written out in SELECT order (a QJsonObject would sort the keys)
        QJsonObject row;
        QByteArray raw = "{";
        for (qsizetype i = 0; i < g.fields.size(); ++i) {
            const QJsonValue v = valueOf(g.fields.at(i));
            if (v.isUndefined())
                continue;
            row.insert(m_aliases.at(i), v);
            if (raw.size() > 1)
                raw += ',';
            raw += valueText(m_aliases.at(i)) + ':' + valueText(v);
        }
        m_aggregateResults << row;
        m_aggregateRaw << raw + '}';
    }
    m_groups.clear(); // the results hold what is left
    m_groupIndex.clear();
}

int QueryPipeline::compareRows(const QJsonValue &a, const QJsonValue &b) const
{
    const QJsonArray x = a.toObject().value(QStringLiteral("orderByItems")).toArray();
    const QJsonArray y = b.toObject().value(QStringLiteral("orderByItems")).toArray();
    for (int i = 0; i < m_plan.orderByDescending.size(); ++i) {
        int c = compareJson(x.at(i).toObject().value(QStringLiteral("item")),
                            y.at(i).toObject().value(QStringLiteral("item")));
        if (m_plan.orderByDescending.at(i))
            c = -c;
        if (c != 0)
            return c;
    }
    return 0;
}

int QueryPipeline::pickOrderByRange() const
{
    int best = -1;
    for (int i = 0; i < m_ranges.size(); ++i) {
        const Range &r = m_ranges.at(i);
        if (r.exhausted())
            continue;
        // strictly smaller only: on a tie the range with the lower minInclusive wins
        if (best < 0 || compareRows(r.rows.at(r.pos), m_ranges.at(best).rows.at(m_ranges.at(best).pos)) < 0)
            best = i;
    }
    return best;
}

bool QueryPipeline::nextCandidate(QJsonValue *item, QByteArray *raw, bool *needData)
{
    const bool anyWanted = !wantedRanges().isEmpty();
    if (m_plan.isAggregate()) {
        if (anyWanted) {
            *needData = true;
            return false;
        }
        if (!m_aggregateBuilt)
            buildAggregateResult();
        if (m_aggregatePos >= m_aggregateResults.size())
            return false;
        *raw = m_aggregateRaw.at(m_aggregatePos);
        *item = m_aggregateResults.at(m_aggregatePos++);
        return true;
    }
    if (!m_plan.orderByDescending.isEmpty()) {
        if (anyWanted) {
            *needData = true;
            return false;
        }
        const int i = pickOrderByRange();
        if (i < 0)
            return false;
        Range &r = m_ranges[i];
        const QByteArray rowRaw = r.raw.value(r.pos);
        *item = r.rows.at(r.pos++).toObject().value(QStringLiteral("payload"));
        *raw = rowRaw.isEmpty() ? valueText(*item) : JsonText::member(rowRaw, "payload");
        return true;
    }
    for (Range &r : m_ranges) {
        if (!r.exhausted()) {
            const QByteArray rowRaw = r.raw.value(r.pos);
            *item = r.rows.at(r.pos++);
            *raw = rowRaw.isEmpty() ? valueText(*item) : rowRaw;
            return true;
        }
        if (r.more) {
            *needData = true;
            return false;
        }
    }
    return false;
}

bool QueryPipeline::accept(const QJsonValue &item)
{
    if (item.isUndefined())
        return false; // the projection had no value for this row
    if (m_plan.distinct == DistinctType::Ordered) {
        const QByteArray key = canonicalJson(item);
        if (m_hasLastDistinct && key == m_lastDistinct)
            return false;
        m_lastDistinct = key;
        m_hasLastDistinct = true;
    } else if (m_plan.distinct == DistinctType::Unordered) {
        const QByteArray key = QCryptographicHash::hash(canonicalJson(item), QCryptographicHash::Sha1);
        if (m_seen.contains(key))
            return false;
        m_seen.insert(key);
        m_seenPending << key;
    }
    if (m_plan.offset && m_skipped < *m_plan.offset) {
        ++m_skipped;
        return false;
    }
    ++m_emitted;
    return true;
}

bool QueryPipeline::capReached() const
{
    return m_cap >= 0 && m_emitted >= m_cap;
}

void QueryPipeline::take(int max, QJsonArray &out, QList<QByteArray> *rawOut)
{
    while (out.size() < max && !capReached()) {
        QJsonValue item;
        QByteArray raw;
        bool needData = false;
        if (!nextCandidate(&item, &raw, &needData))
            return;
        if (accept(item)) {
            out.append(item);
            if (rawOut)
                rawOut->append(raw);
        }
    }
}

bool QueryPipeline::isFinished() const
{
    if (capReached())
        return true;
    for (const Range &r : m_ranges) {
        if (r.more || !r.exhausted())
            return false;
    }
    if (m_plan.isAggregate())
        return m_aggregateBuilt && m_aggregatePos >= m_aggregateResults.size();
    return true;
}

void QueryPipeline::commit()
{
    for (int i = 0; i < m_ranges.size(); ++i) {
        Range &r = m_ranges[i];
        r.rows.erase(r.rows.begin(), r.rows.begin() + r.pos);
        r.raw.erase(r.raw.begin(), r.raw.begin() + qMin<qsizetype>(r.pos, r.raw.size()));
        r.pos = 0;
        m_committedPos[i] = 0;
    }
    m_committedAggregatePos = m_aggregatePos;
    m_committedSkipped = m_skipped;
    m_committedEmitted = m_emitted;
    m_committedLastDistinct = m_lastDistinct;
    m_committedHasLastDistinct = m_hasLastDistinct;
    m_seenPending.clear();
}

void QueryPipeline::splitRange(int range, int count)
{
    for (int i = 1; i < count; ++i) {
        m_ranges.insert(range + i, Range());
        m_committedPos.insert(range + i, 0);
    }
}

void QueryPipeline::rollback()
{
    for (int i = 0; i < m_ranges.size(); ++i)
        m_ranges[i].pos = m_committedPos.at(i);
    m_aggregatePos = m_committedAggregatePos;
    m_skipped = m_committedSkipped;
    m_emitted = m_committedEmitted;
    m_lastDistinct = m_committedLastDistinct;
    m_hasLastDistinct = m_committedHasLastDistinct;
    for (const QByteArray &k : std::as_const(m_seenPending))
        m_seen.remove(k);
    m_seenPending.clear();
}

} // namespace Cosmos::Query
