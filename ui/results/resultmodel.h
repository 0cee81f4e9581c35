#pragma once

#include <QAbstractTableModel>
#include <QCache>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QStringList>

namespace Cosmoscope {

/// Query or feed results as a table, append-only: pages arrive with beginInsertRows; the
/// columns are the leading columns (id, partition key paths) and then the union of the
/// top-level keys in first-seen order, system properties last. Nested values show as
/// compact JSON. A generation counter drops pages of a superseded run.
///
/// Rows are kept compactly as their JSON text only; cells are decoded on demand (the rows
/// on screen stay decoded in a small cache), so memory follows the size of the documents.
class ResultModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles {
        JsonRole = Qt::UserRole + 1, ///< the whole item (QJsonObject)
        IdRole,
        EtagRole,
        SortRole, ///< numbers as numbers (the grid sorts with RowOrderProxy instead)
        ColumnKeyRole,
        RawJsonRole ///< the item's JSON text as the server sent it (QByteArray)
    };

    explicit ResultModel(QObject *parent = nullptr);

    /// Columns shown first: "id" and the partition key paths ("/category").
    void setLeadingColumns(const QStringList &paths);
    /// Starts a new run: clears rows and columns; returns the new generation.
    quint64 reset();
    quint64 generation() const { return m_generation; }
    /// Appends `count` items of `items` from `from` (-1: to the end). Non-object values
    /// (SELECT VALUE …) show in a "value" column. False for a stale generation.
    /// `raw`, when given, holds each item's JSON text as the server sent it (parallel).
    bool append(quint64 generation, const QJsonArray &items, int from = 0, int count = -1,
                const QList<QByteArray> &raw = {});
    void replaceItem(int row, const QJsonObject &item, const QByteArray &raw = {});
    void removeItem(int row);

    /// The column key of the values of SELECT VALUE rows.
    static QString valueColumnKey();

    int itemCount() const { return int(m_raw.size()); }
    /// The item decoded (an object; SELECT VALUE rows as {"(value)": value}).
    QJsonObject item(int row) const;
    /// The item's JSON text as the server sent it (key order and number text kept).
    QByteArray rawItem(int row) const;
    /// Every row's text, as rawItem(); implicitly shared, for work off the GUI thread.
    QList<QByteArray> rawItems() const;
    QStringList columnKeys() const;
    /// Finds the row of an item by id (and partition key value text when given).
    int rowOfId(const QString &id) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QString keyOf(int column) const;
    const QJsonObject &decoded(int row) const;
    void addColumns(QStringList newKeys, const QStringList &newSystem);
    void noteKeys(const QJsonObject &object,
                  QStringList *newKeys,
                  QStringList *newSystem,
                  const QByteArray &raw = {});

    QStringList m_leading;
    QStringList m_keys;   ///< union of top-level keys, first seen first
    QStringList m_system; ///< system properties seen
    QSet<QString> m_known;
    QList<QByteArray> m_raw; ///< each row's JSON text (compact when not from the server)
    mutable QCache<int, QJsonObject> m_decoded{512}; ///< rows decoded lately, by row
    quint64 m_generation = 0;
};

} // namespace Cosmoscope
