#include "roworderproxy.h"

#include "resultmodel.h"

#include <jsontext.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent>

#include <algorithm>
#include <numeric>

namespace Cosmoscope {

namespace {

/// One row's value in a column, ordered as the service orders ORDER BY values.
struct SortKey
{
    int rank = 0; // undefined, null, boolean, number, string, array, object
    double number = 0;
    QString text;
};

QByteArray valueText(const QByteArray &row, const QString &key)
{
    if (key == ResultModel::valueColumnKey())
        return row.startsWith('{') ? QByteArray() : row;
    if (!key.startsWith(QLatin1Char('/')))
        return Cosmos::JsonText::member(row, key.toUtf8());
    QByteArray value = row; // a partition key path: "/address/city"
    for (const QString &part : key.mid(1).split(QLatin1Char('/'))) {
        value = Cosmos::JsonText::member(value, part.toUtf8());
        if (value.isEmpty())
            break;
    }
    return value;
}

SortKey sortKey(const QByteArray &value)
{
    SortKey k;
    if (value.isEmpty())
        return k;
    switch (value.front()) {
    case 'n':
        k.rank = 1;
        break;
    case 't':
    case 'f':
        k.rank = 2;
        k.number = value.front() == 't' ? 1 : 0;
        break;
    case '"':
        k.rank = 4;
        k.text = value.contains('\\')
                     ? QJsonDocument::fromJson('[' + value + ']').array().at(0).toString()
                     : QString::fromUtf8(value.constData() + 1, value.size() - 2);
        break;
    case '[':
        k.rank = 5;
        k.text = QString::fromUtf8(value);
        break;
    case '{':
        k.rank = 6;
        k.text = QString::fromUtf8(value);
        break;
    default:
        k.rank = 3;
        k.number = value.toDouble();
        break;
    }
    return k;
}

/// The source rows in sorted order (stable: equal values keep their arrival order).
QList<int> sortedOrder(const QList<QByteArray> &rows, const QString &key, Qt::SortOrder order)
{
    std::vector<SortKey> keys;
    keys.reserve(rows.size());
    for (const QByteArray &row : rows)
        keys.push_back(sortKey(valueText(row, key)));
    QList<int> result(rows.size());
    std::iota(result.begin(), result.end(), 0);
    const auto less = [&keys](int a, int b) {
        const SortKey &x = keys[size_t(a)];
        const SortKey &y = keys[size_t(b)];
        if (x.rank != y.rank)
            return x.rank < y.rank;
        if (x.rank == 2 || x.rank == 3)
            return x.number < y.number;
        return x.text < y.text;
    };
    if (order == Qt::AscendingOrder)
        std::stable_sort(result.begin(), result.end(), less);
    else
        std::stable_sort(result.begin(), result.end(), [&less](int a, int b) { return less(b, a); });
    return result;
}

} // namespace

RowOrderProxy::RowOrderProxy(ResultModel *source, QObject *parent)
    : QAbstractProxyModel(parent)
    , m_model(source)
{
    QAbstractProxyModel::setSourceModel(source);
    resetMapping();
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] {
        ++m_sortRequest; // a sort of the old rows must not be applied
        m_sorting = false;
        beginResetModel();
    });
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        resetMapping();
        endResetModel();
    });
    // Appended rows go at the end (the model only appends); a sorted grid sorts them in.
    connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this,
            [this](const QModelIndex &, int first, int last) {
                Q_ASSERT(first == m_toSource.size());
                beginInsertRows({}, first, last);
            });
    connect(source, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) {
                for (int row = first; row <= last; ++row) {
                    m_toSource.append(row);
                    m_fromSource.append(row);
                }
                endInsertRows();
                if (m_sortColumn >= 0)
                    startSort();
            });
    connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                Q_ASSERT(first == last); // the model removes one row at a time
                beginRemoveRows({}, m_fromSource.at(first), m_fromSource.at(first));
            });
    connect(source, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int) {
                const int proxyRow = m_fromSource.at(first);
                m_toSource.removeAt(proxyRow);
                m_fromSource.removeAt(first);
                for (int &s : m_toSource)
                    s -= s > first ? 1 : 0;
                for (int &p : m_fromSource)
                    p -= p > proxyRow ? 1 : 0;
                endRemoveRows();
                ++m_sortRequest; // a sort of the old rows must not be applied
                if (m_sortColumn >= 0)
                    startSort();
            });
    connect(source, &QAbstractItemModel::columnsAboutToBeInserted, this,
            [this](const QModelIndex &, int first, int last) { beginInsertColumns({}, first, last); });
    connect(source, &QAbstractItemModel::columnsInserted, this, [this] { endInsertColumns(); });
    connect(source, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) {
                for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
                    Q_EMIT dataChanged(index(m_fromSource.at(row), topLeft.column()),
                                       index(m_fromSource.at(row), bottomRight.column()));
                }
            });
    connect(source, &QAbstractItemModel::headerDataChanged, this,
            &QAbstractItemModel::headerDataChanged);
}

void RowOrderProxy::resetMapping()
{
    const int rows = m_model->rowCount();
    m_toSource.resize(rows);
    std::iota(m_toSource.begin(), m_toSource.end(), 0);
    m_fromSource = m_toSource;
}

void RowOrderProxy::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column;
    m_sortOrder = order;
    if (column < 0) { // back to arrival order
        ++m_sortRequest;
        m_sorting = false;
        QList<int> arrival(m_toSource.size());
        std::iota(arrival.begin(), arrival.end(), 0);
        applyOrder(arrival);
        return;
    }
    startSort();
}

void RowOrderProxy::startSort()
{
    const quint64 request = ++m_sortRequest;
    m_sorting = true;
    // The row texts are implicitly shared: the worker reads a snapshot.
    const QList<QByteArray> rows = m_model->rawItems();
    const QString key = m_model->columnKeys().value(m_sortColumn);
    const Qt::SortOrder order = m_sortOrder;
    QtConcurrent::run([rows, key, order] { return sortedOrder(rows, key, order); })
        .then(this, [this, request](const QList<int> &result) {
            if (request != m_sortRequest || result.size() != m_toSource.size())
                return; // superseded by newer rows or another sort
            m_sorting = false;
            applyOrder(result);
            Q_EMIT sorted();
        });
}

void RowOrderProxy::applyOrder(const QList<int> &order)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QList<QPersistentModelIndex> sources;
    sources.reserve(before.size());
    for (const QModelIndex &index : before)
        sources.append(mapToSource(index));
    m_toSource = order;
    for (int proxyRow = 0; proxyRow < m_toSource.size(); ++proxyRow)
        m_fromSource[m_toSource.at(proxyRow)] = proxyRow;
    QModelIndexList after;
    after.reserve(before.size());
    for (const QPersistentModelIndex &source : sources)
        after.append(mapFromSource(source));
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

QModelIndex RowOrderProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || proxyIndex.row() >= m_toSource.size())
        return {};
    return m_model->index(m_toSource.at(proxyIndex.row()), proxyIndex.column());
}

QModelIndex RowOrderProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.row() >= m_fromSource.size())
        return {};
    return index(m_fromSource.at(sourceIndex.row()), sourceIndex.column());
}

QModelIndex RowOrderProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || column < 0 || row >= rowCount() || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex RowOrderProxy::parent(const QModelIndex &) const
{
    return {};
}

int RowOrderProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_toSource.size());
}

int RowOrderProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_model->columnCount();
}

QVariant RowOrderProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical)
        return role == Qt::DisplayRole ? QVariant(section + 1) : QVariant();
    return m_model->headerData(section, orientation, role);
}

} // namespace Cosmoscope
