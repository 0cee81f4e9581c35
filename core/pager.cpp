#include "pager.h"

#include "cosmosclient.h"

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
    return m_client->send(r, context, [key, callback](const CosmosResponse &response) {
        FeedPage page;
        page.error = response.error;
        page.requestCharge = response.requestCharge;
        page.activityId = response.activityId;
        page.elapsedMs = response.elapsedMs;
        page.continuation = response.continuation;
        page.items = response.object().value(key).toArray();
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
    m_continuation = continuation;
    m_started = !continuation.isEmpty();
}

void Pager::fetchNext()
{
    if (m_pending || !hasMore())
        return;
    m_pending = m_source->fetch(m_continuation, this, [this](const FeedPage &page) {
        m_pending = nullptr;
        m_totalCharge += page.requestCharge;
        if (page.error.isError()) {
            Q_EMIT failed(page.error);
            return;
        }
        m_started = true;
        m_continuation = page.continuation;
        m_itemsFetched += page.items.size();
        ++m_pages;
        Q_EMIT pageReady(page);
        if (m_continuation.isEmpty())
            Q_EMIT finished();
    });
}

void Pager::cancel()
{
    if (PendingRequest *p = m_pending.data()) {
        m_pending = nullptr;
        p->cancel();
    }
}

} // namespace Cosmos
