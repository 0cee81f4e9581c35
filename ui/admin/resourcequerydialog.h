#pragma once

#include <cosmosclient.h>
#include <pager.h>
#include <resourcepath.h>

#include <QDialog>
#include <QPointer>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QListView;
class QPushButton;
QT_END_NAMESPACE

namespace Manage {

class JsonListModel;
class MessageLine;
class SourceEditor;

/// "Query resources…": runs a SQL query over a feed that is not items — the databases of the
/// account, the containers or users of a database, the permissions of a user, the stored
/// procedures, triggers, UDFs or conflicts of a container (query_databases, query_containers,
/// query_users, query_permissions, query_stored_procedures, query_triggers,
/// query_user_defined_functions, query_conflicts). A page at a time with "Load more"; the
/// results are listed by id, the selected one is shown as JSON. Non-modal.
class ResourceQueryDialog : public QDialog
{
    Q_OBJECT
public:
    ResourceQueryDialog(Cosmos::CosmosClient *client,
                        const Cosmos::ResourcePath &feed,
                        QWidget *parent = nullptr);
    ~ResourceQueryDialog() override;

    /// SELECT * FROM root r WHERE CONTAINS(r.id, @text)
    static QString defaultQuery();
    /// "users", "stored procedures" …
    static QString kindPlural(Cosmos::ResourceKind kind);
    /// "users of database SampleDB", "databases of the account" …
    static QString feedText(const Cosmos::ResourcePath &feed);

    Cosmos::ResourcePath feed() const { return m_feed; }
    SourceEditor *sqlEditor() const { return m_sql; }
    QLineEdit *textEdit() const { return m_text; }
    QLineEdit *parametersEdit() const { return m_parameters; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *loadMoreButton() const { return m_loadMore; }
    QListView *resultsView() const { return m_results; }
    JsonListModel *model() const { return m_model; }
    SourceEditor *jsonView() const { return m_json; }
    QLabel *statusLabel() const { return m_status; }
    MessageLine *messageLine() const { return m_message; }

    bool isBusy() const { return m_pager && m_pager->isBusy(); }
    bool hasMore() const { return m_pager && m_pager->hasMore(); }
    double requestCharge() const { return m_pager ? m_pager->totalRequestCharge() : 0; }
    void setPageSize(int items) { m_pageSize = items; }

    /// The query from the editor and the parameter fields; an input error otherwise.
    Cosmos::QuerySpec querySpec(Cosmos::CosmosError *error) const;
    /// Starts the query from its first page (a running one is dropped).
    void run();
    void loadMore();
    void select(int row);

Q_SIGNALS:
    void pageLoaded();
    void failed(const Cosmos::CosmosError &error);

private:
    void dropPager();
    void showSelected();
    void updateState();

    QPointer<Cosmos::CosmosClient> m_client;
    Cosmos::ResourcePath m_feed;
    QPointer<Cosmos::Pager> m_pager;
    int m_pageSize = 100;
    SourceEditor *m_sql;
    QLineEdit *m_text;
    QLineEdit *m_parameters;
    QPushButton *m_run;
    QPushButton *m_loadMore;
    JsonListModel *m_model;
    QListView *m_results;
    SourceEditor *m_json;
    QLabel *m_status;
    MessageLine *m_message;
};

} // namespace Manage
