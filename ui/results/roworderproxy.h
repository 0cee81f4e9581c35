#pragma once

#include <QAbstractProxyModel>
#include <QList>

namespace Cosmoscope {

class ResultModel;

/// The result grid's sort: a row permutation over a ResultModel whose rows stay where they
/// arrived (callers keep source rows). Sort keys are read from the rows' JSON text and sorted
/// on a worker thread, in the service's ORDER BY type order (undefined, null, booleans,
/// numbers, strings, arrays, objects); the new order is applied in one layout change. Rows
/// appended while sorted are placed at the end, then sorted in again.
class RowOrderProxy : public QAbstractProxyModel
{
    Q_OBJECT
public:
    explicit RowOrderProxy(ResultModel *source, QObject *parent = nullptr);

    int sortColumn() const { return m_sortColumn; }
    /// True while a sort runs on the worker thread.
    bool isSorting() const { return m_sorting; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

Q_SIGNALS:
    /// A sort finished and its order is shown.
    void sorted();

private:
    void resetMapping();
    void startSort();
    void applyOrder(const QList<int> &order);

    ResultModel *m_model;
    QList<int> m_toSource;   ///< proxy row → source row
    QList<int> m_fromSource; ///< source row → proxy row
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    quint64 m_sortRequest = 0;
    bool m_sorting = false;
};

} // namespace Cosmoscope
