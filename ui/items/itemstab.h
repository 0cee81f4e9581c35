#pragma once

#include <resourcepath.h>

#include <QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
QT_END_NAMESPACE

namespace Cosmoscope {

class AccountSession;
class ExportDialog;
class ImportDialog;
class ItemEditor;
class MessageBar;
class ResultLoader;
class ResultModel;
class ResultView;
class Settings;

/// A container's items, page by page (id and partition key columns first, then the union
/// of top-level keys), with "Load more" / "Load all" (cancellable); the selected item opens
/// in the item editor beside the grid.
class ItemsTab : public QWidget
{
    Q_OBJECT
public:
    ItemsTab(AccountSession *session,
             const Cosmos::ResourcePath &container,
             Settings *settings,
             QWidget *parent = nullptr);

    Cosmos::ResourcePath container() const { return m_container; }
    AccountSession *session() const { return m_session; }
    void reload();
    void loadMore();
    void loadAll();
    void cancel();

    ResultModel *model() const { return m_model; }
    ResultLoader *loader() const { return m_loader; }
    ResultView *view() const { return m_view; }
    ItemEditor *editor() const { return m_editor; }
    QStringList partitionKeyPaths() const { return m_pkPaths; }
    /// The tab's own messages (errors of its loads and of the item editor).
    MessageBar *messageBar() const { return m_bar; }
    QSplitter *splitter() const { return m_splitter; }

    /// The filter bar: a WHERE clause and an ORDER BY list; Enter or Apply runs it. setFilter
    /// fills it in for the next load without loading.
    void setFilter(const QString &where, const QString &orderBy);
    QString filterWhere() const;
    QString filterOrderBy() const;
    /// The query the grid shows, or empty when it lists the feed unfiltered.
    QString filterQuery() const { return m_query; }
    void applyFilter();
    /// Import… into this container (the grid reloads when it ends).
    ImportDialog *openImport();
    /// Export… of the grid's rows or of every item of the current filter.
    ExportDialog *openExport();

Q_SIGNALS:
    /// The first page is in the grid (or failed): used by --screenshot.
    void firstPageLoaded(bool ok);
    /// The user asked for this container's schema view.
    void schemaRequested();

private:
    void start();
    void updateState();
    void onItemSelected();
    QWidget *createFilterBar();
    void showQuery(const QString &sql);
    void syncSelection();

    AccountSession *m_session;
    Cosmos::ResourcePath m_container;
    Settings *m_settings;
    MessageBar *m_bar;
    ResultModel *m_model;
    ResultLoader *m_loader;
    ResultView *m_view;
    ItemEditor *m_editor;
    QLabel *m_status;
    QSplitter *m_splitter;
    QAction *m_reloadAction;
    QAction *m_moreAction;
    QAction *m_allAction;
    QAction *m_cancelAction;
    QStringList m_pkPaths;
    QLineEdit *m_where = nullptr;
    QLineEdit *m_orderBy = nullptr;
    QLabel *m_queryLabel = nullptr;
    QLabel *m_filterError = nullptr;
    QString m_query;
    bool m_firstPageSeen = false;
    bool m_loadFailed = false;
    bool m_syncing = false;
};

} // namespace Cosmoscope
