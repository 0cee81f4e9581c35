#pragma once

#include <QJsonObject>
#include <QSet>
#include <QWidget>

QT_BEGIN_NAMESPACE
class QMenu;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class QTimer;
QT_END_NAMESPACE

namespace Cosmoscope {

class JsonEditor;
class ResultModel;
class RowOrderProxy;

/// Results as a grid (sortable locally through a proxy) and as JSON (formatted on a worker
/// thread when the JSON tab is shown, then filled in chunks), plus a metrics tab.
class ResultView : public QWidget
{
    Q_OBJECT
public:
    explicit ResultView(ResultModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    RowOrderProxy *proxy() const { return m_proxy; }
    JsonEditor *jsonView() const { return m_json; }
    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *metricsView() const { return m_metrics; }
    /// The metrics tab's page: the text, or the text and its chart.
    QWidget *metricsPage() const;
    void setMetrics(const QString &text);
    void setMetricsVisible(bool visible);
    /// Shows `chart` beside the metrics text (the view takes it).
    void setMetricsChart(QWidget *chart);
    void showJson();
    /// The item of the current row, if any.
    QJsonObject currentItem() const;
    /// The current item's JSON text as the server sent it.
    QByteArray currentRawItem() const;
    int currentSourceRow() const;
    void selectSourceRow(int row);
    /// The column chooser: one checkable action per column (the header's context menu and
    /// the "Columns" button). System properties (_rid, _self, _etag, _attachments, _ts) are
    /// hidden until chosen.
    QMenu *columnMenu();
    bool isColumnShown(const QString &key) const;

Q_SIGNALS:
    void currentItemChanged(int sourceRow); ///< the row is not decoded: see currentRawItem()

private:
    void scheduleJson();
    void buildJson();
    void applyColumnVisibility(int first, int last);

    ResultModel *m_model;
    RowOrderProxy *m_proxy;
    QTabWidget *m_tabs;
    QTableView *m_table;
    JsonEditor *m_json;
    QPlainTextEdit *m_metrics;
    QWidget *m_metricsPage = nullptr; ///< the metrics text and chart, when a chart is set
    QTimer *m_jsonTimer;
    quint64 m_jsonRequest = 0;
    bool m_jsonDirty = true;
    bool m_resized = false;
    QMenu *m_columnMenu = nullptr;
    QSet<QString> m_shownSystem; ///< system columns the user chose to see
    QSet<QString> m_hidden;      ///< other columns the user hid
};

} // namespace Cosmoscope
