#include "pager.h"

#include "cosmosclient.h"
#include "jsontext.h"

#include <QUrl>

namespace Cosmos {

static QString decodeIndexMetrics(const QByteArray &value)
{
    if (value.isEmpty())
        return {};
    const QByteArray unescaped = QByteArray::fromPercentEncoding(value);
    if (unescaped.trimmed().startsWith('{'))
        return QString::fromUtf8(unescaped);
    return QString::fromUtf8(QByteArray::fromBase64(value));
}

CosmosError readFeedPage(const CosmosResponse &response, const QString &key, QJsonArray *items,
                         QList<QByteArray> *rawItems)
{
    JsonText::ParseError error;
    if (!JsonText::arrayMember(response.body, key.toUtf8(), rawItems, &error))
        return response.damaged(error.describe(response.body));
    *items = response.object().value(key).toArray();
    if (items->size() != rawItems->size())
        return response.damaged(QStringLiteral("the \"%1\" array could not be read").arg(key));
    const QJsonValue count = response.object().value(QStringLiteral("_count"));
    // Compared as doubles: a _count beyond qint64 (1e300) must not be converted to it.
    if (count.isDouble() && count.toDouble() != double(items->size())) {
        return response.damaged(QStringLiteral("_count says %1 items, the page holds %2")
                                    .arg(count.toDouble(), 0, 'g', 17)
                                    .arg(items->size()));
    }
    return {};
}

GatewayPageSource::GatewayPageSource(CosmosClient *client, CosmosRequest request)
    : m_client(client)
    , m_request(std::move(request))
{}

PendingRequest *GatewayPageSource::fetch(const QString &continuation, QObject *context,
                                         PageCallback callback)
{
    CosmosRequest r = m_request;
    if (!continuation.isEmpty())
        r.options.extraHeaders.push_back({"x-ms-continuation", continuation.toUtf8()});
    const QString key = feedKey(r.path.kind());
    if (!m_client) {
        FeedPage page;
        page.error = CosmosError::invalidInput(QStringLiteral("The connection was closed."));
        QMetaObject::invokeMethod(context, [callback, page] { callback(page); }, Qt::QueuedConnection);
        return nullptr;
    }
    return m_client->send(r, context, [key, callback](const CosmosResponse &response) {
        FeedPage page;
        page.error = response.error;
        page.requestCharge = response.requestCharge;
        page.activityId = response.activityId;
        page.region = response.region;
        page.elapsedMs = response.elapsedMs;
        page.continuation = response.continuation;
        if (response.ok())
            page.error = readFeedPage(response, key, &page.items, &page.rawItems);
        page.queryMetrics = QString::fromUtf8(response.header("x-ms-documentdb-query-metrics"));
        page.indexMetrics = decodeIndexMetrics(response.header("x-ms-cosmos-index-utilization"));
        callback(page);
    });
}

Pager::Pager(std::unique_ptr<PageSource> source, QObject *parent)
    : QObject(parent)
    , m_source(std::move(source))
{}

Pager::~Pager() = default;

void Pager::setContinuation(const QString &continuation)
{
    cancel();
    m_held.reset();
    m_continuation = m_fetchCursor = continuation;
    m_started = m_fetchStarted = !continuation.isEmpty();
    m_usedContinuations.clear();
}

void Pager::fetchNext()
{
    if (m_wanted || !hasMore())
        return;
    m_wanted = true;
    if (m_held)
        QMetaObject::invokeMethod(this, &Pager::deliver, Qt::QueuedConnection);
    else if (!m_inFetch)
        startFetch();
}

void Pager::startFetch()
{
    // A source may answer synchronously (inside fetch()): track the call with a generation so
    // that a late assignment of m_pending cannot resurrect a finished fetch.
    const quint64 generation = ++m_generation;
    m_inFetch = true;
    PendingRequest *pending = m_source->fetch(m_fetchCursor, this,
                                              [this, generation](const FeedPage &page) {
        if (generation != m_generation)
            return; // cancelled
        ++m_generation;
        m_inFetch = false;
        m_pending = nullptr;
        arrived(page);
    });
    if (generation == m_generation) // still in flight
        m_pending = pending;
}

void Pager::arrived(FeedPage page)
{
    m_totalCharge += page.requestCharge;
    if (page.error.kind == CosmosError::Kind::Cancelled)
        return;
    if (!page.error.isError() && !page.continuation.isEmpty()
        && (page.continuation == m_fetchCursor || m_usedContinuations.contains(page.continuation))) {
        page.error.kind = CosmosError::Kind::Damaged;
        page.error.activityId = page.activityId;
        page.error.message = QStringLiteral("The server returned the continuation \"%1\" again; "
                                            "reading on would repeat pages forever.")
                                 .arg(page.continuation.size() > 80
                                          ? page.continuation.left(77) + QStringLiteral("...")
                                          : page.continuation);
    }
    if (!page.error.isError()) {
        if (!m_fetchCursor.isEmpty())
            m_usedContinuations.insert(m_fetchCursor);
        m_fetchStarted = true;
        m_fetchCursor = page.continuation;
    }
    m_held = std::move(page);
    if (m_wanted)
        deliver();
}

void Pager::deliver()
{
    if (!m_wanted || !m_held)
        return;
    FeedPage page = std::move(*m_held);
    m_held.reset();
    m_wanted = false;
    if (page.error.isError()) {
        Q_EMIT failed(partial(page.error));
        return;
    }
    m_started = true;
    m_continuation = page.continuation;
    m_itemsFetched += page.items.size();
    ++m_pages;
    // The next request goes out before the caller handles this page.
    if (m_prefetch && !m_inFetch && m_fetchStarted && !m_fetchCursor.isEmpty())
        startFetch();
    QPointer<Pager> self(this);
    Q_EMIT pageReady(page);
    if (self && m_continuation.isEmpty())
        Q_EMIT finished();
}

CosmosError Pager::partial(CosmosError error) const
{
    if (m_itemsFetched > 0) {
        error.message += QStringLiteral(" The %1 item(s) read before it are partial results.")
                             .arg(m_itemsFetched);
    }
    return error;
}

void Pager::cancel()
{
    m_wanted = false;
    if (!m_inFetch)
        return;
    ++m_generation; // drop the callback of the fetch in flight
    m_inFetch = false;
    if (PendingRequest *p = m_pending.data()) {
        m_pending = nullptr;
        p->cancel();
    }
}

} // namespace Cosmos
