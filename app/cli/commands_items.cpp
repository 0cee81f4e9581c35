// item, query and changefeed commands.
#include "application.h"

#include <changefeed.h>
#include <jsontext.h>
#include <validation.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Cli {

using namespace Cosmos;

void Application::runItem()
{
    const QString sub = m_args.positional(1);
    const QString synopsis = QStringLiteral(
        "item get DB C ID --pk PK | item list DB C [--max-items N] | item create DB C [FILE|-] | "
        "item upsert DB C [FILE|-] | item replace DB C ID [FILE|-] [--if-match ETAG] | "
        "item delete DB C ID --pk PK [--if-match ETAG]");
    const ResourcePath container = ResourcePath::container(m_args.positional(2),
                                                           m_args.positional(3));
    if (sub == QLatin1String("create"))
        return writeItemCommand(CosmosClient::ItemWrite::Create);
    if (sub == QLatin1String("upsert"))
        return writeItemCommand(CosmosClient::ItemWrite::Upsert);
    if (sub == QLatin1String("replace"))
        return writeItemCommand(CosmosClient::ItemWrite::Replace);
    if (sub == QLatin1String("list")) {
        if (!expectArguments(4, synopsis) || !checkIds({2, 3}))
            return;
        int maxItems = -1;
        if (!m_args.intValue(QStringLiteral("max-items"), 0, 2147483647, &maxItems))
            return usageError(m_args.error());
        RequestOptions options;
        if (!addReadOptions(&options))
            return;
        // Bounded pages keep memory flat whatever the container size.
        options.maxItemCount = maxItems > 0 ? qMin(maxItems, 1000) : 1000;
        if (m_args.isSet(QStringLiteral("by-range")))
            return streamPager(m_client->listItemsByRange(container, options, this), maxItems);
        return streamPager(m_client->list(container.feed(ResourceKind::Item), options, this),
                           maxItems);
    }
    if (!genericResourceCommand(sub == QLatin1String("get") ? QStringLiteral("show") : sub,
                                container, ResourceKind::Item, 4, synopsis, true)) {
        usageError(QStringLiteral("Usage: cosmoscope-cli ") + synopsis);
    }
}

void Application::writeItemCommand(CosmosClient::ItemWrite op)
{
    const bool replace = op == CosmosClient::ItemWrite::Replace;
    const QString synopsis = replace ? QStringLiteral("item replace DB C ID [FILE|-] [--if-match ETAG]")
                                     : QStringLiteral("item %1 DB C [FILE|-]").arg(m_args.positional(1));
    const int first = replace ? 5 : 4;
    if (!expectArguments(first, synopsis, first + 1) || !checkIds({2, 3}))
        return;
    // The file's text is what is sent (key order and number text kept); the object is for
    // the checks.
    const QString file = m_args.positional(first).isEmpty() ? QStringLiteral("-")
                                                            : m_args.positional(first);
    QByteArray text;
    if (!readTextFile(file, &text))
        return;
    CosmosError parseError;
    QJsonObject item = parseJsonObject(text, &parseError);
    if (parseError.isError()) {
        parseError.message = (file == QLatin1String("-") ? QStringLiteral("stdin") : file)
                             + QStringLiteral(": ") + parseError.message;
        return fail(parseError);
    }
    if (replace) {
        const QString id = m_args.positional(4);
        if (CosmosError e = validateId(id, QStringLiteral("item id")); e.isError())
            return fail(e);
        if (!item.contains(QStringLiteral("id"))) {
            const QByteArray compact = JsonText::compact(text);
            text = "{\"id\":" + QJsonDocument(QJsonArray{id}).toJson(QJsonDocument::Compact).mid(1).chopped(1)
                   + (compact == "{}" ? QByteArray("}") : "," + compact.mid(1));
        } else if (item.value(QStringLiteral("id")).toString() != id)
            return fail(CosmosError::invalidInput(
                QStringLiteral("The body's id \"%1\" differs from the item id \"%2\".")
                    .arg(item.value(QStringLiteral("id")).toString(), id)));
    }
    RequestOptions options = writeOptions();
    if (!partitionKeyOption(QStringLiteral("pk"), false, &options.partitionKey))
        return;
    m_client->writeItem(op, ResourcePath::container(m_args.positional(2), m_args.positional(3)),
                        text, options, this, printResource());
}

void Application::runQuery()
{
    const QString synopsis = QStringLiteral("query DB C SQL [--param @name=JSON]… [--pk PK] "
                                            "[--page-size N] [--max-items N] [--metrics]");
    if (!expectArguments(4, synopsis) || !checkIds({1, 2}))
        return;
    QuerySpec spec{m_args.positional(3), {}};
    for (const QString &param : m_args.values(QStringLiteral("param"))) {
        const int eq = param.indexOf(QLatin1Char('='));
        if (eq <= 1 || !param.startsWith(QLatin1Char('@')))
            return usageError(QStringLiteral("--param takes @name=JSON (got \"%1\").").arg(param));
        const QByteArray wrapped = "[" + param.mid(eq + 1).toUtf8() + "]";
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(wrapped, &parseError);
        if (parseError.error != QJsonParseError::NoError || doc.array().size() != 1) {
            return fail(CosmosError::invalidInput(
                QStringLiteral("The value of %1 is not valid JSON: %2 (strings need quotes: "
                               "'@name=\"text\"').")
                    .arg(param.left(eq), param.mid(eq + 1))));
        }
        spec.parameters.append({param.left(eq), doc.array().first()});
    }
    RequestOptions options;
    if (!partitionKeyOption(QStringLiteral("pk"), false, &options.partitionKey)
        || !addReadOptions(&options))
        return;
    int maxItems = -1;
    options.maxItemCount = 1000; // bounded pages keep memory flat; --page-size overrides
    if (!m_args.intValue(QStringLiteral("page-size"), -1, 100000, &options.maxItemCount)
        || !m_args.intValue(QStringLiteral("max-items"), 0, 2147483647, &maxItems)) {
        return usageError(m_args.error());
    }
    const bool metrics = m_args.isSet(QStringLiteral("metrics"));
    options.populateQueryMetrics = metrics;
    const ResourcePath docs = ResourcePath::container(m_args.positional(1), m_args.positional(2))
                                  .feed(ResourceKind::Item);
    streamPager(m_client->query(docs, spec, options, this), maxItems, metrics);
}

void Application::runChangeFeed()
{
    const QString synopsis = QStringLiteral("changefeed DB C [--from-beginning | --from-now] "
                                            "[--pk PK] [--continuation TOKEN] [--by-range]");
    if (!expectArguments(3, synopsis) || !checkIds({1, 2}))
        return;
    ChangeFeedOptions options;
    if (m_args.isSet(QStringLiteral("continuation"))) {
        options.start = ChangeFeedOptions::Start::Continuation;
        options.continuation = m_args.value(QStringLiteral("continuation"));
    } else if (m_args.isSet(QStringLiteral("from-now"))) {
        options.start = ChangeFeedOptions::Start::Now;
    }
    if (!partitionKeyOption(QStringLiteral("pk"), false, &options.partitionKey))
        return;
    options.byRange = m_args.isSet(QStringLiteral("by-range"));
    options.maxItemCount = 1000;
    ChangeFeedReader *reader = m_client->changeFeed(
        ResourcePath::container(m_args.positional(1), m_args.positional(2)), options, this);
    auto count = std::make_shared<qint64>(0);
    connect(reader, &ChangeFeedReader::changesReady, this, [=](const FeedPage &page) {
        for (const QByteArray &item : page.rawItems)
            m_out.printRaw(item + '\n');
        *count += page.items.size();
        m_out.flush();
        if (reader->hasMore())
            return reader->fetchNext();
        // Caught up: the continuation resumes from here.
        m_out.message(QStringLiteral("continuation: ") + reader->continuation());
        m_out.stats(reader->totalRequestCharge(), *count, m_timer.elapsed(), page.activityId);
        finish(ExitOk);
    });
    connect(reader, &ChangeFeedReader::failed, this, [this](const CosmosError &e) { fail(e); });
    reader->fetchNext();
}

} // namespace Cli
