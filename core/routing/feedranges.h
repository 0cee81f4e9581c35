#pragma once

#include "partitionkeyrangecache.h"

#include <QList>
#include <QString>

namespace Cosmos::Routing {

/// Where a feed read range by range stands: each partition key range with its own
/// continuation (a change-feed etag, or a read feed's continuation), as the SDKs keep it.
/// When a range splits, its children take its place with its continuation: a position in the
/// parent is a position in each child, so nothing is skipped or read twice.
class FeedRanges
{
public:
    struct Entry
    {
        PartitionKeyRange range;
        QString continuation; ///< empty: from the start condition
        bool done = false;    ///< read feeds: no continuation left
    };

    FeedRanges() = default;
    explicit FeedRanges(const QList<PartitionKeyRange> &ranges);

    bool isEmpty() const { return m_entries.isEmpty(); }
    int size() const { return int(m_entries.size()); }
    const Entry &at(int index) const { return m_entries.at(index); }
    void setContinuation(int index, const QString &continuation);
    void setDone(int index) { m_entries[index].done = true; }
    /// Replaces entry `index` by `children`, each starting from its continuation.
    void split(int index, const QList<PartitionKeyRange> &children);

    /// `{"ranges":[{"id","min","max","continuation"}…]}`: compact JSON, resumable.
    QString toText() const;
    /// Parses toText(); false on anything else.
    static bool fromText(const QString &text, FeedRanges *out);

private:
    QList<Entry> m_entries;
};

} // namespace Cosmos::Routing
