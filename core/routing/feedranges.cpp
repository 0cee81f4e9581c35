#include "feedranges.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cosmos::Routing {

FeedRanges::FeedRanges(const QList<PartitionKeyRange> &ranges)
{
    for (const PartitionKeyRange &r : ranges)
        m_entries << Entry{r, {}, false};
}

void FeedRanges::setContinuation(int index, const QString &continuation)
{
    m_entries[index].continuation = continuation;
}

void FeedRanges::split(int index, const QList<PartitionKeyRange> &children)
{
    const Entry parent = m_entries.takeAt(index);
    for (qsizetype i = 0; i < children.size(); ++i)
        m_entries.insert(index + i, Entry{children.at(i), parent.continuation, parent.done});
}

QString FeedRanges::toText() const
{
    QJsonArray list;
    for (const Entry &e : m_entries) {
        QJsonObject o{{QStringLiteral("id"), e.range.id},
                      {QStringLiteral("min"), e.range.minInclusive},
                      {QStringLiteral("max"), e.range.maxExclusive},
                      {QStringLiteral("continuation"), e.continuation}};
        if (e.done)
            o.insert(QStringLiteral("done"), true);
        list.append(o);
    }
    const QJsonObject root{{QStringLiteral("ranges"), list}};
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Compact));
}

bool FeedRanges::fromText(const QString &text, FeedRanges *out)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return false;
    const QJsonValue list = doc.object().value(QStringLiteral("ranges"));
    if (!list.isArray() || list.toArray().isEmpty())
        return false;
    FeedRanges result;
    for (const QJsonValue &v : list.toArray()) {
        const QJsonObject o = v.toObject();
        if (!o.value(QStringLiteral("id")).isString() || !o.value(QStringLiteral("min")).isString()
            || !o.value(QStringLiteral("max")).isString())
            return false;
        Entry e;
        e.range.id = o.value(QStringLiteral("id")).toString();
        e.range.minInclusive = o.value(QStringLiteral("min")).toString();
        e.range.maxExclusive = o.value(QStringLiteral("max")).toString();
        e.continuation = o.value(QStringLiteral("continuation")).toString();
        e.done = o.value(QStringLiteral("done")).toBool();
        result.m_entries << e;
    }
    *out = result;
    return true;
}

} // namespace Cosmos::Routing
