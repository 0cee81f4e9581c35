// RequestLogModel: rows of the request log.
#include "requestlogmodel.h"

#include <requestlog.h>

#include <QBrush>
#include <QColor>
#include <QLocale>

namespace Cosmoscope {

using namespace Cosmos;

RequestLogModel::RequestLogModel(RequestLog *log, QObject *parent)
    : QAbstractTableModel(parent)
    , m_log(log)
    , m_rows(log->count())
{
    connect(log, &RequestLog::recordAdded, this, [this](int index) {
        if (index != m_rows) { // out of step (dropped at capacity): start over
            beginResetModel();
            m_rows = m_log->count();
            endResetModel();
            return;
        }
        beginInsertRows({}, index, index);
        m_rows = m_log->count();
        endInsertRows();
    });
    connect(log, &RequestLog::recordsRemoved, this, [this] {
        beginResetModel();
        m_rows = m_log->count();
        endResetModel();
    });
}

int RequestLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int RequestLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RequestLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows || index.row() >= m_log->count())
        return {};
    const RequestRecord &r = m_log->records().at(index.row());
    if (role == Qt::ForegroundRole && index.column() == StatusColumn
        && (r.status == 0 || r.status >= 400))
        return QBrush(QColor(0xd0, 0x30, 0x30));
    if (role == Qt::TextAlignmentRole) {
        switch (index.column()) {
        case StatusColumn:
        case ChargeColumn:
        case DurationColumn:
        case BytesColumn:
        case RetryColumn:
            return int(Qt::AlignRight | Qt::AlignVCenter);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && !r.error.isEmpty())
        return r.error;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case TimeColumn:
        return r.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
    case AccountColumn:
        return r.account;
    case OperationColumn:
        return QStringLiteral("%1 %2").arg(r.method, r.operation);
    case ResourceColumn:
        return r.resourcePath;
    case StatusColumn:
        if (r.status == 0)
            return tr("failed");
        return r.substatus ? QStringLiteral("%1/%2").arg(r.status).arg(r.substatus)
                           : QString::number(r.status);
    case ChargeColumn:
        return QString::number(r.requestCharge, 'f', 2);
    case DurationColumn:
        return r.durationMs;
    case BytesColumn:
        return QLocale().formattedDataSize(r.requestBytes + r.responseBytes);
    case RetryColumn:
        return r.retry;
    case ActivityColumn:
        return r.activityId;
    case RegionColumn:
        return r.region;
    }
    return {};
}

QVariant RequestLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char *names[] = {QT_TR_NOOP("Time"),
                                  QT_TR_NOOP("Account"),
                                  QT_TR_NOOP("Operation"),
                                  QT_TR_NOOP("Resource"),
                                  QT_TR_NOOP("Status"),
                                  QT_TR_NOOP("RU"),
                                  QT_TR_NOOP("ms"),
                                  QT_TR_NOOP("Bytes"),
                                  QT_TR_NOOP("Retry"),
                                  QT_TR_NOOP("Activity id"),
                                  QT_TR_NOOP("Region")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

} // namespace Cosmoscope
