#pragma once

#include "aggregator.h"
#include "queryplan.h"

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QList>
#include <QSet>

namespace Cosmos::Query {

/// The client-side part of a cross-partition query, without any I/O: range pages go in
/// (addPage), results come out (take), in the service's stage order
/// merge → aggregate → distinct → skip (OFFSET) → take (LIMIT) → take (TOP).
///
/// ORDER BY merges one buffered page per range (k-way, ties by range order); without ORDER BY
/// ranges are drained one after another; aggregates and GROUP BY drain every range first and
/// keep one set of aggregators per group (memory grows with the groups, not the rows), keyed
/// by the canonical text of the range rows' `groupByItems` (so an undefined key and null stay
/// apart), with groups and fields in the order they first appear. Results taken
/// since the last commit() can be given back with rollback() (a page that was not delivered).
class QueryPipeline
{
public:
    /// `rangeCount` ranges, in minInclusive order.
    QueryPipeline(const QueryPlan &plan, int rangeCount);

    /// Ranges whose next page is needed before take() can go on (empty: none).
    QList<int> wantedRanges() const;
    /// The next page of range `range` arrived; `more` is false when it had no continuation.
    /// `raw`, when given, holds each row's JSON text as the server sent it (parallel to rows).
    void addPage(int range, const QJsonArray &rows, bool more, const QList<QByteArray> &raw = {});
    /// Appends results to `out` until it holds `max` (a page size: what `out` already holds
    /// counts); stops early when data is needed or at the end.
    /// `rawOut`, when given, receives each result's JSON text (key order and number text as
    /// the server sent them; computed results such as aggregates are written out).
    void take(int max, QJsonArray &out, QList<QByteArray> *rawOut = nullptr);
    /// No more results (all ranges drained, or LIMIT/TOP reached).
    bool isFinished() const;

    void commit();
    void rollback();

    /// Range `range` was split into `count` ranges (a 410 during the drain): it becomes the
    /// first child, the others are inserted after it with nothing buffered, so the order of
    /// ranges (minInclusive) is kept. Only for a range that is waiting for data.
    void splitRange(int range, int count);

private:
    struct Range
    {
        QList<QJsonValue> rows;
        QList<QByteArray> raw;
        int pos = 0;
        bool more = true;
        bool exhausted() const { return pos >= rows.size(); }
    };
    bool nextCandidate(QJsonValue *item, QByteArray *raw, bool *needData);
    int pickOrderByRange() const;
    int compareRows(const QJsonValue &a, const QJsonValue &b) const;
    bool accept(const QJsonValue &item);
    bool capReached() const;
    void buildAggregateResult();

    QueryPlan m_plan;
    QList<Range> m_ranges;
    // aggregates and GROUP BY: one Group per distinct groupByItems (one in all without GROUP BY)
    struct GroupField
    {
        bool aggregate = false;
        Aggregator aggregator;
        QJsonValue first = QJsonValue(QJsonValue::Undefined); ///< a group key's value
    };
    struct Group
    {
        QList<GroupField> fields; ///< VALUE: one; else one per m_aliases entry
    };
    Group newGroup() const;
    void addGroupRow(const QJsonValue &row);
    QStringList m_aliases;
    QHash<QByteArray, int> m_groupIndex;
    QList<Group> m_groups;
    QList<QJsonValue> m_aggregateResults;
    QList<QByteArray> m_aggregateRaw;
    bool m_aggregateBuilt = false;
    int m_aggregatePos = 0;
    // stage counters
    qint64 m_skipped = 0;
    qint64 m_emitted = 0;
    qint64 m_cap = -1; ///< min(LIMIT, TOP); -1: none
    QByteArray m_lastDistinct;
    bool m_hasLastDistinct = false;
    QSet<QByteArray> m_seen;
    QList<QByteArray> m_seenPending;
    // committed copies
    QList<int> m_committedPos;
    int m_committedAggregatePos = 0;
    qint64 m_committedSkipped = 0;
    qint64 m_committedEmitted = 0;
    QByteArray m_committedLastDistinct;
    bool m_committedHasLastDistinct = false;
};

} // namespace Cosmos::Query
