#pragma once

#include <cosmoserror.h>
#include "resultloader.h"

#include <resourcepath.h>

#include <QWidget>

QT_BEGIN_NAMESPACE
class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
QT_END_NAMESPACE

namespace Cosmoscope {

class AccountSession;
class ExportDialog;
class MessageBar;
class ParametersPanel;
class QueryEditor;
class QueryMetricsChart;
class QueryStatsTable;
class ResultLoader;
class ResultModel;
class ResultView;
class Settings;

/// A query editor on one container: Cosmos SQL with completion, @parameters, an optional
/// partition key, run (Ctrl+Enter / F5) and cancel, results as grid and JSON with
/// "Load more" / "Load all", a status line (items, RU, time, activity id), metrics on
/// request, per-container history and saved queries. Its messages show in its own bar and
/// clear when the next run starts.
class QueryTab : public QWidget
{
    Q_OBJECT
public:
    QueryTab(AccountSession *session,
             const Cosmos::ResourcePath &container,
             Settings *settings,
             QWidget *parent = nullptr);

    Cosmos::ResourcePath container() const { return m_container; }
    AccountSession *session() const { return m_session; }
    /// Runs the selection, or the whole text. False when refused (invalid parameters …).
    bool run();
    void cancel();
    void loadMore();
    /// Drains the query; asks first when the estimate (first page's RU per item times the
    /// container's items) is above the settings' threshold.
    void loadAll();

    QueryEditor *editor() const { return m_editor; }
    ParametersPanel *parameters() const { return m_parameters; }
    QLineEdit *partitionKeyEdit() const { return m_partitionKey; }
    QLineEdit *sessionTokenEdit() const { return m_sessionToken; }
    QSpinBox *stalenessBox() const { return m_staleness; }
    QCheckBox *metricsCheck() const { return m_metricsCheck; }
    ResultModel *model() const { return m_model; }
    ResultLoader *loader() const { return m_loader; }
    ResultView *results() const { return m_results; }
    QLabel *statusLine() const { return m_status; }
    QueryMetricsChart *metricsChart() const { return m_metricsChart; }
    QComboBox *historyBox() const { return m_history; }
    /// Export… of the grid's rows or of the whole last query (every page, read again).
    ExportDialog *openExport();
    MessageBar *messageBar() const { return m_bar; }
    QueryStatsTable *statsTable() const { return m_stats; }
    QAction *runAction() const { return m_runAction; }
    QAction *loadAllAction() const { return m_allAction; }

private:
    ResultLoader::PagerFactory m_lastQuery; ///< the last query run, for Export…
    void updateState();
    void reloadHistory();
    void samplePaths();
    void saveQuery();
    void drain();
    void confirmLoadAll(double itemCount);

    AccountSession *m_session;
    Cosmos::ResourcePath m_container;
    Settings *m_settings;
    MessageBar *m_bar;
    QueryEditor *m_editor;
    ParametersPanel *m_parameters;
    QLineEdit *m_partitionKey;
    QLineEdit *m_sessionToken; ///< x-ms-session-token for this query (Session consistency)
    QSpinBox *m_staleness;     ///< integrated cache staleness in ms; -1: not sent
    QCheckBox *m_metricsCheck;
    QComboBox *m_history;
    QComboBox *m_saved;
    ResultModel *m_model;
    ResultLoader *m_loader;
    ResultView *m_results;
    QLabel *m_status;
    QueryMetricsChart *m_metricsChart;
    QueryStatsTable *m_stats;
    QAction *m_runAction;
    QAction *m_cancelAction;
    QAction *m_moreAction;
    QAction *m_allAction;
    void showQueryError(const Cosmos::CosmosError &error);

    QString m_alias = QStringLiteral("c");
    QString m_ranText;     ///< the query text of the last run, as sent
    int m_ranStart = 0;    ///< where it starts in the editor (byte position)
    bool m_failed = false; ///< the last page asked for failed
    bool m_sampled = false;
    bool m_counting = false; ///< counting the container's items before a Load all
};

} // namespace Cosmoscope
