#include "resultloader.h"

#include "resultmodel.h"

#include <QTimer>

namespace Cosmoscope {

using namespace Cosmos;

ResultLoader::ResultLoader(ResultModel *model, QObject *parent)
    : QObject(parent)
    , m_model(model)
{
}

void ResultLoader::setPageSizes(int pageSize, int drainPageSize)
{
    m_pageSize = qMax(1, pageSize);
    m_drainPageSize = qMax(m_pageSize, drainPageSize);
}

void ResultLoader::attach(Pager *pager)
{
    connect(pager, &Pager::pageReady, this, &ResultLoader::onPage);
    connect(pager, &Pager::failed, this, &ResultLoader::onFailed);
}

void ResultLoader::start(PagerFactory factory)
{
    if (m_pager) {
        m_pager->disconnect(this);
        m_pager->cancel();
        m_pager->deleteLater();
    }
    m_factory = std::move(factory);
    m_queue.clear();
    m_queueOffset = 0;
    m_draining = false;
    m_pagerDone = false;
    m_stats = {};
    m_wall.start();
    m_generation = m_model->reset();
    m_pagerPageSize = m_pageSize;
    m_pager = m_factory(m_pageSize, this);
    attach(m_pager);
    m_pager->fetchNext();
    Q_EMIT stateChanged();
}

bool ResultLoader::isBusy() const
{
    return (m_pager && m_pager->isBusy()) || !m_queue.isEmpty();
}

bool ResultLoader::hasMore() const
{
    return m_pager && !m_pagerDone && m_pager->hasMore();
}

void ResultLoader::loadMore()
{
    if (!m_pager || isBusy() || !hasMore())
        return;
    m_wall.start();
    m_pager->fetchNext();
    Q_EMIT stateChanged();
}

void ResultLoader::loadAll()
{
    if (!m_pager || !hasMore())
        return;
    m_draining = true;
    m_wall.start();
    // Bigger pages drain faster: continue from where the small pages stopped.
    if (m_pagerPageSize != m_drainPageSize && !m_pager->isBusy() && m_factory) {
        const QString continuation = m_pager->continuation();
        m_pager->disconnect(this);
        m_pager->deleteLater();
        m_pagerPageSize = m_drainPageSize;
        m_pager = m_factory(m_drainPageSize, this);
        m_pager->setContinuation(continuation);
        attach(m_pager);
    }
    m_pager->setPrefetch(true); // the next page travels while this one is shown
    requestNext();
    Q_EMIT stateChanged();
}

void ResultLoader::cancel()
{
    m_draining = false;
    if (m_pager)
        m_pager->setPrefetch(false);
    if (m_pager && m_pager->isBusy())
        m_pager->cancel(); // answers through failed(Cancelled)
    Q_EMIT stateChanged();
}

void ResultLoader::requestNext()
{
    if (m_pager && !m_pager->isBusy() && m_pager->hasMore())
        m_pager->fetchNext();
}

void ResultLoader::onPage(const FeedPage &page)
{
    ++m_stats.pages;
    m_stats.requestCharge += page.requestCharge;
    m_stats.lastPageCharge = page.requestCharge;
    if (!page.queryMetrics.isEmpty())
        m_stats.metricsTotal += QueryMetrics::parse(page.queryMetrics);
    m_stats.requestMs += page.elapsedMs;
    m_stats.wallMs = m_wall.elapsed();
    m_stats.activityId = page.activityId;
    m_stats.region = page.region;
    if (!page.queryMetrics.isEmpty())
        m_stats.queryMetrics = page.queryMetrics;
    if (!page.indexMetrics.isEmpty())
        m_stats.indexMetrics = page.indexMetrics;
    m_pagerDone = page.continuation.isEmpty();
    if (!page.items.isEmpty())
        m_queue.enqueue(page);
    // While draining, the next page is fetched while this one is still being appended;
    // at most two pages wait in the queue.
    if (m_draining && !m_pagerDone && m_queue.size() < 2)
        requestNext();
    if (page.items.isEmpty() && m_queue.isEmpty()) {
        if (m_pagerDone)
            m_draining = false;
        Q_EMIT stateChanged();
        Q_EMIT pageLoaded();
        if (m_pagerDone)
            Q_EMIT finished();
        return;
    }
    pump();
    Q_EMIT stateChanged();
}

void ResultLoader::onFailed(const CosmosError &error)
{
    m_draining = false;
    if (m_stats.pages == 0 && error.kind != CosmosError::Kind::Cancelled)
        m_pagerDone = true; // the first page failed: there is nothing to load more of

    Q_EMIT stateChanged();
    Q_EMIT failed(error);
}

void ResultLoader::pump()
{
    if (m_pumpScheduled)
        return;
    if (m_queue.isEmpty())
        return;
    const FeedPage &front = m_queue.head();
    const int count = qMin(chunkRows(), int(front.items.size()) - m_queueOffset);
    m_model->append(m_generation, front.items, m_queueOffset, count, front.rawItems);
    m_stats.items += count;
    m_queueOffset += count;
    const bool pageDone = m_queueOffset >= front.items.size();
    if (pageDone) {
        m_queue.dequeue();
        m_queueOffset = 0;
    }
    if (!m_queue.isEmpty()) {
        m_pumpScheduled = true;
        QTimer::singleShot(0, this, [this] {
            m_pumpScheduled = false;
            pump();
        });
    }
    if (pageDone) {
        if (m_draining && !m_pagerDone)
            requestNext();
        if (m_queue.isEmpty()) {
            if (m_pagerDone) {
                m_draining = false;
                Q_EMIT stateChanged();
                Q_EMIT pageLoaded();
                Q_EMIT finished();
                return;
            }
            Q_EMIT stateChanged();
            Q_EMIT pageLoaded();
        }
    }
}

} // namespace Cosmoscope
