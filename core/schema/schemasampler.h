#pragma once

#include "cosmoserror.h"
#include "resourcepath.h"
#include "schemastats.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

namespace Cosmos {

class CosmosClient;
class Pager;

/// Samples up to N documents of a container for SchemaStats. The sample is spread over the
/// container's partition key ranges: each range gives an equal share (what a small range
/// cannot give passes to the next, and ranges cut short by their share are read again at the
/// end), read with `SELECT * FROM c` pages addressed to the range.
/// Cancellable; reports progress and its RU.
class SchemaSampler : public QObject
{
    Q_OBJECT
public:
    SchemaSampler(CosmosClient *client, const ResourcePath &container, QObject *parent = nullptr);

    /// Starts over with a sample of `size` documents.
    void start(int size);
    /// Stops; what was sampled so far stays in stats(). No signal follows.
    void cancel();
    bool isRunning() const { return m_running; }

    const Schema::SchemaStats &stats() const { return m_stats; }
    /// The sampled documents' JSON text, as the server sent them.
    const QList<QByteArray> &documents() const { return m_documents; }
    QStringList partitionKeyPaths() const { return m_pkPaths; }
    int wanted() const { return m_wanted; }
    double requestCharge() const { return m_charge; }
    qint64 elapsedMs() const { return m_timer.isValid() ? m_timer.elapsed() : 0; }
    int rangeCount() const { return int(m_ranges.size()); }

Q_SIGNALS:
    void progress(int sampled, int wanted, double requestCharge);
    void finished();
    void failed(const Cosmos::CosmosError &error);

private:
    void readRanges();
    void nextRange();
    void fail(const CosmosError &error);
    Pager *makePager(const QString &range, int pageSize);

    QPointer<CosmosClient> m_client;
    ResourcePath m_container;
    Schema::SchemaStats m_stats;
    QList<QByteArray> m_documents;
    QStringList m_pkPaths;
    QStringList m_ranges;
    QList<bool> m_rangeDone; ///< no more documents in the range
    QList<Pager *> m_pagers; ///< per range, owned by m_context
    int m_rangeIndex = -1;
    int m_rangeQuota = 0;
    int m_rangeTaken = 0;
    QObject *m_context = nullptr; ///< owns the work of the current run
    QElapsedTimer m_timer;
    double m_charge = 0;
    int m_wanted = 0;
    bool m_running = false;
};

} // namespace Cosmos
