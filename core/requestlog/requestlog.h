#pragma once

#include "requestrecord.h"

#include <QElapsedTimer>
#include <QObject>

namespace Cosmos {

class CosmosClient;

/// Every HTTP attempt of a session's clients, in arrival order, with the running RU total and
/// RU per second since the log started. Fed by CosmosClient::requestRecorded.
class RequestLog : public QObject
{
    Q_OBJECT
public:
    explicit RequestLog(QObject *parent = nullptr);

    /// Records the client's attempts from now on (until either object is gone).
    void attach(CosmosClient *client);
    void append(const RequestRecord &record);
    void clear();

    const QList<RequestRecord> &records() const { return m_records; }
    int count() const { return int(m_records.size()); }
    double totalCharge() const { return m_totalCharge; }
    /// RU charged in each whole second since the log started (index = second).
    const QList<double> &chargePerSecond() const { return m_perSecond; }
    /// Largest number of records kept; the oldest are dropped beyond it (default 100,000).
    void setCapacity(int records) { m_capacity = records; }

Q_SIGNALS:
    /// A record was appended at `index`.
    void recordAdded(int index);
    /// Records were removed from the front (capacity) or all of them (clear).
    void recordsRemoved(int first, int last);

private:
    QList<RequestRecord> m_records;
    QList<double> m_perSecond;
    QElapsedTimer m_clock;
    double m_totalCharge = 0;
    int m_capacity = 100000;
};

} // namespace Cosmos
