#pragma once

#include <pager.h>
#include <resourcepath.h>

#include <QJsonObject>
#include <QPointer>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QLabel;
class QPushButton;
class QTableView;
QT_END_NAMESPACE

namespace Cosmos {
class CosmosClient;
}

namespace Manage {

class JsonListModel;
class MessageLine;
class SourceEditor;

/// A container's conflicts (multi-region writes): listed a page at a time with "Load more",
/// shown as JSON, deleted after confirmation. Usable as a tab.
class ConflictsView : public QWidget
{
    Q_OBJECT
public:
    ConflictsView(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                  QWidget *parent = nullptr);

    JsonListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *loadMoreButton() const { return m_loadMore; }
    QPushButton *deleteButton() const { return m_delete; }
    SourceEditor *jsonView() const { return m_json; }
    MessageLine *messageLine() const { return m_message; }
    QString title() const;
    bool isBusy() const;

    void setPageSize(int items) { m_pageSize = items; }
    void reload();
    void loadMore();
    void deleteSelected();
    void select(int row);
    /// The partition key of the item a conflict is about, from its content.
    static QJsonObject conflictContent(const QJsonObject &conflict);

Q_SIGNALS:
    void pageLoaded();
    void deleted(const QString &id);

private:
    void showSelected();
    void updateButtons();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_container;
    QPointer<Cosmos::Pager> m_pager;
    QStringList m_partitionKeyPaths;
    int m_pageSize = 100;
    bool m_deleting = false;
    JsonListModel *m_model;
    QTableView *m_view;
    QPushButton *m_loadMore;
    QPushButton *m_reload;
    QPushButton *m_delete;
    QLabel *m_charge;
    SourceEditor *m_json;
    MessageLine *m_message;
};

} // namespace Manage
