#pragma once

#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

namespace Cosmos {

/// x-ms-documentdb-query-metrics ("name=value;…"), summed over pages, and its time breakdown.
struct QueryMetrics
{
    QMap<QString, double> values;

    /// Reads one header value; unknown or malformed parts are skipped.
    static QueryMetrics parse(const QString &header);
    QueryMetrics &operator+=(const QueryMetrics &other);
    bool isEmpty() const { return values.isEmpty(); }
    double value(const QString &name) const { return values.value(name); }

    /// Where the time went, in ms: query preparation, index lookup, document load
    /// (retrieval), runtime (system and user functions), the rest of the VM execution, and
    /// writing the output.
    QList<QPair<QString, double>> breakdown() const;
};

} // namespace Cosmos
