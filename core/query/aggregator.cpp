#include "aggregator.h"

#include "jsonorder.h"

#include <QJsonArray>
#include <QJsonObject>

namespace Cosmos::Query {

QJsonValue partialItem(const QJsonValue &row)
{
    const QJsonObject o = row.isArray() ? row.toArray().at(0).toObject() : row.toObject();
    if (o.contains(QStringLiteral("item2")))
        return o.value(QStringLiteral("item2"));
    return o.value(QStringLiteral("item")); // undefined when the range had nothing
}

void Aggregator::add(const QJsonValue &partial)
{
    switch (m_type) {
    case AggregateType::Count:
        if (!partial.isDouble())
            return;
        m_sum += partial.toDouble();
        m_any = true;
        return;
    case AggregateType::Sum:
        // A range sums nothing to 0; its SUM is undefined when it met a value that is not a
        // number, and then so is the whole SUM (as the SDKs' SumAggregator).
        if (!partial.isDouble()) {
            m_undefined = true;
            return;
        }
        m_sum += partial.toDouble();
        m_any = true;
        return;
    case AggregateType::Average: {
        const QJsonObject o = partial.toObject();
        if (!o.value(QStringLiteral("sum")).isDouble()) {
            if (o.value(QStringLiteral("count")).toDouble() > 0)
                m_undefined = true; // values that are not numbers in that range
            return;
        }
        m_sum += o.value(QStringLiteral("sum")).toDouble();
        m_count += o.value(QStringLiteral("count")).toDouble();
        m_any = true;
        return;
    }
    case AggregateType::Min:
    case AggregateType::Max: {
        const bool isMin = m_type == AggregateType::Min;
        QJsonValue v = partial;
        const QString key = isMin ? QStringLiteral("min") : QStringLiteral("max");
        if (partial.isObject() && partial.toObject().contains(QStringLiteral("count"))) {
            const QJsonObject o = partial.toObject();
            if (o.value(QStringLiteral("count")).toDouble() <= 0)
                return;
            v = o.value(key);
        }
        if (v.isUndefined())
            return;
        if (!m_any || (isMin ? compareJson(v, m_value) < 0 : compareJson(v, m_value) > 0))
            m_value = v;
        m_any = true;
        return;
    }
    }
}

QJsonValue Aggregator::result() const
{
    switch (m_type) {
    case AggregateType::Count: return m_sum; // COUNT of nothing is 0
    case AggregateType::Sum:
        return m_any && !m_undefined ? QJsonValue(m_sum) : QJsonValue(QJsonValue::Undefined);
    case AggregateType::Average:
        return m_any && !m_undefined && m_count > 0 ? QJsonValue(m_sum / m_count)
                                                    : QJsonValue(QJsonValue::Undefined);
    case AggregateType::Min:
    case AggregateType::Max: return m_any ? m_value : QJsonValue(QJsonValue::Undefined);
    }
    return QJsonValue(QJsonValue::Undefined);
}

} // namespace Cosmos::Query
