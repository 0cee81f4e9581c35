// QueryMetrics: the service's per-page query metrics and their breakdown.
#include "querymetrics.h"

#include <QStringList>

namespace Cosmos {

QueryMetrics QueryMetrics::parse(const QString &header)
{
    QueryMetrics m;
    for (const QString &part : header.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = part.indexOf(QLatin1Char('='));
        if (eq <= 0)
            continue;
        bool ok = false;
        const double v = part.mid(eq + 1).trimmed().toDouble(&ok);
        if (ok)
            m.values.insert(part.left(eq).trimmed(), v);
    }
    return m;
}

QueryMetrics &QueryMetrics::operator+=(const QueryMetrics &other)
{
    for (auto it = other.values.cbegin(); it != other.values.cend(); ++it) {
        if (it.key() == QLatin1String("indexUtilizationRatio"))
            values.insert(it.key(), it.value()); // a ratio, not a sum
        else
            values[it.key()] += it.value();
    }
    return *this;
}

QList<QPair<QString, double>> QueryMetrics::breakdown() const
{
    const double preparation = value(QStringLiteral("queryCompileTimeInMs"))
                               + value(QStringLiteral("queryLogicalPlanBuildTimeInMs"))
                               + value(QStringLiteral("queryPhysicalPlanBuildTimeInMs"))
                               + value(QStringLiteral("queryOptimizationTimeInMs"));
    const double index = value(QStringLiteral("indexLookupTimeInMs"));
    const double load = value(QStringLiteral("documentLoadTimeInMs"));
    const double runtime = value(QStringLiteral("systemFunctionExecuteTimeInMs"))
                           + value(QStringLiteral("userFunctionExecuteTimeInMs"));
    // The VM execution time includes index lookup, document load and functions.
    const double vm
        = qMax(0.0, value(QStringLiteral("VMExecutionTimeInMs")) - index - load - runtime);
    const double output = value(QStringLiteral("writeOutputTimeInMs"));
    return {{QStringLiteral("Query preparation"), preparation},
            {QStringLiteral("Index lookup"), index},
            {QStringLiteral("Document load (retrieval)"), load},
            {QStringLiteral("Runtime (functions)"), runtime},
            {QStringLiteral("VM execution (rest)"), vm},
            {QStringLiteral("Write output"), output}};
}

} // namespace Cosmos
