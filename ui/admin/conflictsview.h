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
class ResourceQueryDialog;
class SourceEditor;

/// A container's conflicts (multi-region writes): listed a page at a time with "Load more";
/// opening one reads it by id and partition key (get_conflict) and shows its JSON; deleted
/// after confirmation; "Query…" opens the generic query dialog (query_conflicts). Usable as
/// a tab. The conflict's version of the item shows beside the item as it is now; "Keep this
/// version" replaces the item with it (If-Match the current _etag) and deletes the conflict,
/// "Keep current" deletes the conflict only.
class ConflictsView : public QWidget
{
    Q_OBJECT
    Q_MOC_INCLUDE("resourcequerydialog.h")
public:
    ConflictsView(Cosmos::CosmosClient *client, const Cosmos::ResourcePath &container,
                  QWidget *parent = nullptr);

    JsonListModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *loadMoreButton() const { return m_loadMore; }
    QPushButton *deleteButton() const { return m_delete; }
    QPushButton *refreshButton() const { return m_refresh; }
    QPushButton *queryButton() const { return m_query; }
    SourceEditor *jsonView() const { return m_json; }
    SourceEditor *currentView() const { return m_current; }
    QPushButton *keepThisButton() const { return m_keepThis; }
    QPushButton *keepCurrentButton() const { return m_keepCurrent; }
    /// Replaces the item with the selected conflict's content, then deletes the conflict.
    void keepConflictVersion();
    /// Keeps the item as it is: deletes the selected conflict.
    void keepCurrentVersion();
    MessageLine *messageLine() const { return m_message; }
    QString title() const;
    bool isBusy() const;

    void setPageSize(int items) { m_pageSize = items; }
    void reload();
    void loadMore();
    void deleteSelected();
    /// get_conflict: reads the selected conflict again and shows it.
    void readSelected();
    /// "Query…": the query dialog over this container's conflicts.
    ResourceQueryDialog *openQuery();
    void select(int row);
    /// The partition key of the item a conflict is about, from its content.
    static QJsonObject conflictContent(const QJsonObject &conflict);

Q_SIGNALS:
    void pageLoaded();
    void deleted(const QString &id);
    /// The selected conflict was read from the service.
    void conflictRead(const QJsonObject &conflict);
    void queryOpened(Manage::ResourceQueryDialog *dialog);

private:
    void showSelected();
    void updateButtons();
    void readCurrentItem(const QJsonObject &conflict);
    void removeConflict(const QString &id, const QJsonObject &conflict, const QString &done);
    QByteArray contentText(const QJsonObject &conflict) const;

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
    QPushButton *m_refresh;
    QPushButton *m_query;
    QPointer<QObject> m_read; ///< owns the read in flight; replaced by the next one
    QLabel *m_charge;
    SourceEditor *m_json;
    QString m_currentEtag; ///< of the item as read beside the conflict; empty when missing
    QPointer<QObject> m_currentRead;
    bool m_currentKnown = false;
    MessageLine *m_message;
    SourceEditor *m_current;
    QPushButton *m_keepThis;
    QPushButton *m_keepCurrent;
    QLabel *m_currentLabel;
};

} // namespace Manage
