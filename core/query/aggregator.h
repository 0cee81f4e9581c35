#pragma once

#include "queryplan.h"

#include <QJsonValue>

namespace Cosmos::Query {

/// Combines the partial results of one aggregate from several ranges. A partial is what a
/// range returns as `{"item": …}`: a number (COUNT, SUM), `{"sum","count"}` (AVG), a value or
/// `{"min"|"max","count"}` (MIN, MAX). The result is undefined when nothing qualified, and
/// for SUM and AVG also when any range's partial was undefined (a value that is not a number).
class Aggregator
{
public:
    explicit Aggregator(AggregateType type = AggregateType::Count) : m_type(type) {}

    void add(const QJsonValue &partial);
    QJsonValue result() const;

private:
    AggregateType m_type;
    double m_sum = 0;
    double m_count = 0;
    bool m_any = false;
    bool m_undefined = false; ///< SUM/AVG met a range whose values were not all numbers
    QJsonValue m_value = QJsonValue(QJsonValue::Undefined);
};

/// The partial `{"item": …}` of a range row: the row itself, or its first element for the
/// VALUE form `[{"item": …}]`.
QJsonValue partialItem(const QJsonValue &row);

} // namespace Cosmos::Query
