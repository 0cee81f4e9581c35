#pragma once

#include <QWidget>

QT_BEGIN_NAMESPACE
class QChartView;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class QTimer;
QT_END_NAMESPACE

namespace Cosmos {
class RequestLog;
struct RequestRecord;
} // namespace Cosmos

namespace Cosmoscope {

class RequestLogModel;

/// The request log, like a browser's network panel: every HTTP attempt of this run with a
/// filter, the running RU total, RU per second, and export of the shown rows as CSV or JSON.
class RequestLogPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RequestLogPanel(Cosmos::RequestLog *log, QWidget *parent = nullptr);

    enum class Format { Csv, Json };
    /// Writes the rows the filter shows; false with `error` when the file cannot be written.
    bool exportTo(const QString &fileName, Format format, QString *error = nullptr) const;
    /// The records the filter shows, in order.
    QList<Cosmos::RequestRecord> shownRecords() const;

    QLineEdit *filterEdit() const { return m_filter; }
    QTableView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    RequestLogModel *model() const { return m_model; }
    QLabel *totalLabel() const { return m_total; }
    QChartView *chartView() const { return m_chart; }
    /// Redraws the totals and the RU-per-second chart now (else at most twice a second).
    void refresh();

protected:
    void changeEvent(QEvent *event) override;

private:
    void exportWithDialog(Format format);

    Cosmos::RequestLog *m_log;
    RequestLogModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QLineEdit *m_filter;
    QLabel *m_total;
    QChartView *m_chart;
    QTimer *m_refresh;
};

} // namespace Cosmoscope
