// SchemaSampler: a sample of a container's documents, spread over its partition key ranges.
#include "schemasampler.h"

#include "cosmosclient.h"
#include "pager.h"

#include <QJsonArray>

namespace Cosmos {

SchemaSampler::SchemaSampler(CosmosClient *client, const ResourcePath &container, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_container(container)
{
}

void SchemaSampler::start(int size)
{
    cancel();
    m_stats.clear();
    m_documents.clear();
    m_ranges.clear();
    m_rangeDone.clear();
    m_pagers.clear();
    m_rangeIndex = -1;
    m_charge = 0;
    m_wanted = qMax(1, size);
    m_running = true;
    m_timer.start();
    m_context = new QObject(this);
    if (!m_client) {
        fail(CosmosError::invalidInput(tr("The connection was closed.")));
        return;
    }
    QObject *context = m_context;
    m_client->containerProperties(
        m_container, context, [this, context](const QJsonObject &props, const CosmosError &e) {
            if (context != m_context)
                return;
            if (e.isError()) {
                fail(e);
                return;
            }
            m_pkPaths.clear();
            const QJsonArray paths = props.value(QStringLiteral("partitionKey"))
                                         .toObject()
                                         .value(QStringLiteral("paths"))
                                         .toArray();
            for (const QJsonValue &p : paths)
                m_pkPaths << p.toString();
            m_stats.setPartitionKeyPaths(m_pkPaths);
            readRanges();
        });
}

void SchemaSampler::cancel()
{
    m_running = false;
    delete m_context; // aborts the requests and pagers in flight
    m_context = nullptr;
}

void SchemaSampler::fail(const CosmosError &error)
{
    cancel();
    emit failed(error);
}

void SchemaSampler::readRanges()
{
    Pager *pager = m_client->list(m_container.feed(ResourceKind::PartitionKeyRange), {}, m_context);
    connect(pager, &Pager::pageReady, this, [this, pager](const FeedPage &page) {
        m_charge += page.requestCharge;
        for (const QJsonValue &r : page.items)
            m_ranges << r.toObject().value(QStringLiteral("id")).toString();
        if (pager->hasMore()) {
            pager->fetchNext();
            return;
        }
        if (m_ranges.isEmpty())
            m_ranges << QString(); // no ranges listed: one cross-partition read
        m_rangeDone = QList<bool>(m_ranges.size(), false);
        m_pagers = QList<Pager *>(m_ranges.size(), nullptr);
        nextRange();
    });
    connect(pager, &Pager::failed, this, &SchemaSampler::fail);
    pager->fetchNext();
}

void SchemaSampler::nextRange()
{
    const int remaining = m_wanted - int(m_documents.size());
    // The next range that may still give documents; after the last one, another round over
    // the ranges that were cut short by their share.
    int next = -1;
    for (int round = 0; round < 2 && next < 0 && remaining > 0; ++round) {
        for (int i = round == 0 ? m_rangeIndex + 1 : 0; i < m_ranges.size(); ++i) {
            if (!m_rangeDone.at(i)) {
                next = i;
                break;
            }
        }
    }
    if (next < 0) {
        m_running = false;
        emit progress(int(m_documents.size()), m_wanted, m_charge);
        emit finished();
        return;
    }
    m_rangeIndex = next;
    // An equal share of what is still wanted; a short range leaves more to the next ones.
    int rangesLeft = 0;
    for (int i = next; i < m_ranges.size(); ++i)
        rangesLeft += m_rangeDone.at(i) ? 0 : 1;
    m_rangeQuota = (remaining + rangesLeft - 1) / rangesLeft;
    m_rangeTaken = 0;

    Pager *pager = m_pagers.value(next);
    if (!pager) {
        pager = makePager(m_ranges.at(next), qMin(m_rangeQuota, 1000));
        m_pagers[next] = pager;
        connect(pager, &Pager::failed, this, &SchemaSampler::fail);
        connect(pager, &Pager::pageReady, this, [this, pager, next](const FeedPage &page) {
            m_charge += page.requestCharge;
            for (const QByteArray &doc : page.rawItems) {
                if (m_rangeTaken >= m_rangeQuota)
                    break; // the rest of the page is not sampled
                if (m_stats.addDocument(doc)) {
                    m_documents << doc;
                    ++m_rangeTaken;
                }
            }
            if (!pager->hasMore())
                m_rangeDone[next] = true;
            emit progress(int(m_documents.size()), m_wanted, m_charge);
            if (m_rangeTaken < m_rangeQuota && pager->hasMore())
                pager->fetchNext();
            else
                nextRange();
        });
    }
    pager->fetchNext();
}

Pager *SchemaSampler::makePager(const QString &range, int pageSize)
{
    QuerySpec spec;
    spec.query = QStringLiteral("SELECT * FROM c");
    const ResourcePath feed = m_container.feed(ResourceKind::Item);
    RequestOptions options;
    options.maxItemCount = pageSize;
    if (range.isEmpty()) // no ranges listed: one cross-partition query
        return m_client->query(feed, spec, options, m_context);
    CosmosRequest r = CosmosRequest::post(feed, QJsonDocument(spec.toJson()));
    r.idempotent = true;
    r.contentType = "application/query+json";
    r.options = options;
    r.options.extraHeaders.push_back({"x-ms-documentdb-isquery", "True"});
    r.options.extraHeaders.push_back({"x-ms-documentdb-query-enablecrosspartition", "True"});
    r.options.extraHeaders.push_back({"x-ms-documentdb-partitionkeyrangeid", range.toUtf8()});
    return new Pager(std::make_unique<GatewayPageSource>(m_client, r), m_context);
}

} // namespace Cosmos
