#pragma once

#include <QAbstractTableModel>

namespace Cosmos {
class RequestLog;
}

namespace Cosmoscope {

/// The request log as an append-only table, one row per HTTP attempt.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        TimeColumn,
        AccountColumn,
        OperationColumn,
        ResourceColumn,
        StatusColumn,
        ChargeColumn,
        DurationColumn,
        BytesColumn,
        RetryColumn,
        ActivityColumn,
        RegionColumn,
        ColumnCount
    };

    explicit RequestLogModel(Cosmos::RequestLog *log, QObject *parent = nullptr);
    Cosmos::RequestLog *log() const { return m_log; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    Cosmos::RequestLog *m_log;
    int m_rows = 0;
};

} // namespace Cosmoscope
