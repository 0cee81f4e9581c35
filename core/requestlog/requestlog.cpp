// RequestLog: the session's HTTP attempts with their totals.
#include "requestlog.h"

#include "cosmosclient.h"

namespace Cosmos {

RequestLog::RequestLog(QObject *parent)
    : QObject(parent)
{
    m_clock.start();
}

void RequestLog::attach(CosmosClient *client)
{
    connect(client, &CosmosClient::requestRecorded, this, &RequestLog::append);
}

void RequestLog::append(const RequestRecord &record)
{
    if (m_capacity > 0 && m_records.size() >= m_capacity) {
        m_records.removeFirst();
        emit recordsRemoved(0, 0);
    }
    m_records.append(record);
    m_totalCharge += record.requestCharge;
    const qsizetype second = m_clock.elapsed() / 1000;
    if (m_perSecond.size() <= second)
        m_perSecond.resize(second + 1, 0.0);
    m_perSecond[second] += record.requestCharge;
    emit recordAdded(int(m_records.size() - 1));
}

void RequestLog::clear()
{
    if (m_records.isEmpty())
        return;
    const int last = int(m_records.size() - 1);
    m_records.clear();
    m_perSecond.clear();
    m_totalCharge = 0;
    m_clock.restart();
    emit recordsRemoved(0, last);
}

} // namespace Cosmos
