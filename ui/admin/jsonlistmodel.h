#pragma once

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>

#include <functional>

namespace Manage {

/// An append-only table of JSON objects with fixed columns. Column values come from a
/// top-level key, or from a function of the object.
class JsonListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Roles { ObjectRole = Qt::UserRole + 1, IdRole };

    struct Column
    {
        QString title;
        QString key;                                   ///< top-level key, when no function
        std::function<QString(const QJsonObject &)> text; ///< optional
    };

    explicit JsonListModel(const QList<Column> &columns, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(const QJsonArray &objects);
    void setObjects(const QJsonArray &objects);
    void replaceObject(int row, const QJsonObject &object);
    /// Replaces the row with the same id, or appends: after an upsert.
    void upsertObject(const QJsonObject &object);
    void removeObject(int row);
    void clear();

    QJsonObject object(int row) const;
    /// Row of the object whose "id" is `id`, or -1.
    int rowOf(const QString &id) const;

private:
    QList<Column> m_columns;
    QList<QJsonObject> m_objects;
};

} // namespace Manage
