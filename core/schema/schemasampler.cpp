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
            const QJsonArray paths = props.value(QStringLiteral("partitionKey")).toObject()
                                         .value(QStringLiteral("paths")).toArray();
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
    Pager *pager = m_client->list(m_container.feed(ResourceKind::PartitionKeyRange), {},
                                  m_context);
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
        nextRange();
    });
    connect(pager, &Pager::failed, this, &SchemaSampler::fail);
    pager->fetchNext();
}

void SchemaSampler::nextRange()
{
    if (m_pager)
        m_pager->deleteLater();
    const int remaining = m_wanted - int(m_documents.size());
    ++m_rangeIndex;
    if (remaining <= 0 || m_rangeIndex >= m_ranges.size()) {
        m_running = false;
        emit progress(int(m_documents.size()), m_wanted, m_charge);
        emit finished();
        return;
    }
    // An equal share of what is still wanted; a short range leaves more to the next ones.
    const int rangesLeft = int(m_ranges.size()) - m_rangeIndex;
    m_rangeQuota = (remaining + rangesLeft - 1) / rangesLeft;
    m_rangeTaken = 0;

    QuerySpec spec;
    spec.query = QStringLiteral("SELECT * FROM c");
    CosmosRequest r = CosmosRequest::post(m_container.feed(ResourceKind::Item),
                                          QJsonDocument(spec.toJson()));
    r.idempotent = true;
    r.contentType = "application/query+json";
    r.options.maxItemCount = qMin(m_rangeQuota, 1000);
    r.options.extraHeaders.push_back({"x-ms-documentdb-isquery", "True"});
    r.options.extraHeaders.push_back({"x-ms-documentdb-query-enablecrosspartition", "True"});
    const QString range = m_ranges.at(m_rangeIndex);
    if (range.isEmpty()) {
        m_pager = m_client->query(m_container.feed(ResourceKind::Item), spec, r.options, m_context);
    } else {
        r.options.extraHeaders.push_back({"x-ms-documentdb-partitionkeyrangeid", range.toUtf8()});
        m_pager = new Pager(std::make_unique<GatewayPageSource>(m_client, r), m_context);
    }
    Pager *pager = m_pager;
    connect(pager, &Pager::pageReady, this, [this, pager](const FeedPage &page) {
        m_charge += page.requestCharge;
        for (const QByteArray &doc : page.rawItems) {
            if (m_rangeTaken >= m_rangeQuota)
                break;
            if (m_stats.addDocument(doc)) {
                m_documents << doc;
                ++m_rangeTaken;
            }
        }
        emit progress(int(m_documents.size()), m_wanted, m_charge);
        if (m_rangeTaken < m_rangeQuota && pager->hasMore())
            pager->fetchNext();
        else
            nextRange();
    });
    connect(pager, &Pager::failed, this, &SchemaSampler::fail);
    pager->fetchNext();
}

} // namespace Cosmos
