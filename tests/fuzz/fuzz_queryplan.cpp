// QueryPlan::fromJson (the service's query plan) and what the cross-partition source does with
// it: liveRanges / overlappingRanges over a pkranges answer, then the QueryPipeline fed with
// range pages read by readFeedPage, delivered page by page as CrossPartitionPageSource::pump
// does.
//
// The input is texts separated by empty lines: the plan, the pkranges body
// ({"PartitionKeyRanges":[…]}; one full range when absent or empty), then range pages
// ({"Documents":[…]}) handed to the ranges in the order the pipeline asks for them; a range is
// told there is more while pages remain.
//
// Invariants: ranges are a sorted subset without parents; a page that is taken, rolled back
// (a cancelled page) and taken again gives the same results; the drain ends (never an empty
// page that is not the last: the source would deliver empty pages forever); LIMIT/TOP are kept;
// a plain query returns every row it was given.

#include "fuzzsupport.h"

#include <cosmosrequest.h>
#include <jsontext.h>
#include <pager.h>
#include <partitionkeyrangecache.h>
#include <querypipeline.h>
#include <queryplan.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Cosmos;
using namespace Cosmos::Query;

namespace {

QJsonObject objectOf(const QByteArray &text)
{
    return QJsonDocument::fromJson(text).object();
}

QList<PartitionKeyRange> readRanges(const QByteArray &body)
{
    // As CrossPartitionPageSource gets them from the range cache.
    QList<PartitionKeyRange> all = Routing::rangesFromJson(
        objectOf(body).value(QStringLiteral("PartitionKeyRanges")).toArray());
    if (all.isEmpty())
        all << PartitionKeyRange{QStringLiteral("0"), QString(), QStringLiteral("FF"), {}};
    return all;
}

bool sameRange(const PartitionKeyRange &a, const PartitionKeyRange &b)
{
    return a.id == b.id && a.minInclusive == b.minInclusive && a.maxExclusive == b.maxExclusive
           && a.parents == b.parents;
}

bool contains(const QList<PartitionKeyRange> &list, const PartitionKeyRange &r)
{
    return std::any_of(list.cbegin(), list.cend(), [&r](const PartitionKeyRange &x) { return sameRange(x, r); });
}

struct Page
{
    QJsonArray rows;
    QList<QByteArray> raw;
};

Page readPage(const QByteArray &body)
{
    CosmosResponse response;
    response.status = 200;
    response.body = body;
    response.json = QJsonDocument::fromJson(body);
    Page page;
    if (readFeedPage(response, QStringLiteral("Documents"), &page.rows, &page.raw).isError())
        return {};
    return page;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    fuzz::silenceQt();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QList<QByteArray> parts = fuzz::split(fuzz::bytes(data, size), "\n\n");

    QString error;
    const QueryPlan plan = QueryPlan::fromJson(objectOf(parts.at(0)), &error);
    const QString reason = plan.unsupportedReason();
    (void)plan.needsPipeline();
    const QString rangeQuery = plan.rangeQuery(QStringLiteral("SELECT * FROM c"));
    FUZZ_CHECK(!rangeQuery.contains(QLatin1String("{documentdb-formattableorderbyquery-filter}")));
    FUZZ_CHECK(plan.orderByDescending.isEmpty() || plan.needsPipeline());
    FUZZ_CHECK(!plan.isAggregate() || plan.needsPipeline());

    const QList<PartitionKeyRange> all = readRanges(parts.value(1));
    const QList<PartitionKeyRange> live = liveRanges(all);
    for (qsizetype i = 0; i < live.size(); ++i) {
        FUZZ_CHECK(contains(all, live.at(i)));
        if (i > 0)
            FUZZ_CHECK(!(live.at(i).minInclusive < live.at(i - 1).minInclusive));
        for (const PartitionKeyRange &r : all)
            FUZZ_CHECK(!r.parents.contains(live.at(i).id));
    }
    const QList<PartitionKeyRange> ranges = overlappingRanges(live, plan.queryRanges);
    FUZZ_CHECK(ranges.size() <= live.size());
    if (plan.queryRanges.isEmpty())
        FUZZ_CHECK(ranges.size() == live.size());
    for (const PartitionKeyRange &r : ranges)
        FUZZ_CHECK(contains(live, r));

    if (!error.isEmpty() || !reason.isEmpty() || ranges.isEmpty())
        return 0; // the source fails here; nothing is run
    const int rangeCount = int(qMin<qsizetype>(ranges.size(), 16));

    QList<Page> pages;
    qsizetype rowsGiven = 0;
    for (qsizetype i = 2; i < parts.size(); ++i) {
        pages << readPage(parts.at(i));
        rowsGiven += pages.last().rows.size();
    }

    QueryPipeline pipeline(plan, rangeCount);
    const int pageSize = 1 + int(size % 4);
    QJsonArray results;
    QJsonArray pageItems;
    QList<QByteArray> pageRaw;
    qsizetype nextPage = 0;
    for (int rounds = 0;; ++rounds) {
        FUZZ_CHECK(rounds < 100000);
        // pump(): the page is filled up to its size
        pipeline.take(pageSize, pageItems, &pageRaw);
        FUZZ_CHECK(pageItems.size() <= pageSize);
        FUZZ_CHECK(pageRaw.size() == pageItems.size());
        const QList<int> wanted = pipeline.wantedRanges();
        if (pageItems.size() >= pageSize || pipeline.isFinished() || wanted.isEmpty()) {
            // deliver(), after checking that a cancelled page would be given again unchanged
            pipeline.rollback();
            QJsonArray again;
            QList<QByteArray> againRaw;
            pipeline.take(pageSize, again, &againRaw);
            if (again != pageItems) {
                std::fprintf(stderr, "page taken as %s, again as %s\n",
                             QJsonDocument(pageItems).toJson(QJsonDocument::Compact).constData(),
                             QJsonDocument(again).toJson(QJsonDocument::Compact).constData());
            }
            FUZZ_CHECK(again == pageItems);
            FUZZ_CHECK(againRaw == pageRaw);
            pipeline.commit();
            for (const QByteArray &raw : std::as_const(pageRaw))
                FUZZ_CHECK(!JsonText::check(raw).isError());
            for (const QJsonValue &v : std::as_const(pageItems))
                results.append(v);
            if (pipeline.isFinished())
                break;
            FUZZ_CHECK(!pageItems.isEmpty()); // an empty page that is not the last, forever
            pageItems = QJsonArray();
            pageRaw.clear();
            continue;
        }
        for (int i : wanted) {
            FUZZ_CHECK(i >= 0 && i < rangeCount);
            if (nextPage < pages.size()) {
                const Page &page = pages.at(nextPage++);
                pipeline.addPage(i, page.rows, nextPage < pages.size(), page.raw);
            } else {
                pipeline.addPage(i, {}, false, {});
            }
        }
    }

    std::optional<qint64> cap;
    if (plan.limit && *plan.limit >= 0)
        cap = *plan.limit;
    if (plan.top && *plan.top >= 0)
        cap = cap ? std::min<qint64>(*cap, *plan.top) : *plan.top;
    if (cap && (!plan.limit || *plan.limit >= 0) && (!plan.top || *plan.top >= 0))
        FUZZ_CHECK(results.size() <= *cap);
    const bool plain = !plan.isAggregate() && plan.orderByDescending.isEmpty()
                       && plan.distinct == DistinctType::None && !plan.offset && !plan.limit && !plan.top;
    if (plain)
        FUZZ_CHECK(results.size() == rowsGiven);
    return 0;
}
