#pragma once

#include <itemwriter.h>

#include <QDialog>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QPointer>

#include <functional>
#include <memory>

QT_BEGIN_NAMESPACE
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
QT_END_NAMESPACE

namespace Cosmos {
class Pager;
}

namespace Cosmoscope {

/// Results › Export…: the rows in the grid, or the whole query (every page, drained again from
/// the server), to a JSON array, JSON Lines or CSV file with Cosmos::ItemWriter. Items are
/// written as the server sent them (key order, number text). The grid's rows are written on a
/// worker thread; the query's pages are written as they arrive. Cancel stops it.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    /// Makes the pager of the whole query for `pageSize`, parented to `parent`.
    using PagerFactory = std::function<Cosmos::Pager *(int pageSize, QObject *parent)>;

    ExportDialog(const QList<QByteArray> &gridRows, PagerFactory query, const QString &what,
                 QWidget *parent = nullptr);

    enum class Source { Grid, Query };
    void setSource(Source source);
    void setOutputPath(const QString &path);
    /// 0 JSON array, 1 JSON Lines, 2 CSV.
    void setFormat(Cosmos::ItemWriter::Format format);
    bool startExport();
    void cancelExport();
    bool isRunning() const { return m_running; }
    QString summaryText() const;

Q_SIGNALS:
    void exportFinished(bool ok);

protected:
    void reject() override;

private:
    void browse();
    void finish(bool ok, const QString &problem);
    Cosmos::ItemWriter::Format format() const;

    QList<QByteArray> m_gridRows;
    PagerFactory m_query;
    QRadioButton *m_grid;
    QRadioButton *m_whole;
    QComboBox *m_format;
    QLineEdit *m_path;
    QLabel *m_status;
    QLabel *m_summary;
    QPushButton *m_start;
    QPushButton *m_close;
    QFile m_output;
    std::unique_ptr<Cosmos::ItemWriter> m_writer;
    QPointer<Cosmos::Pager> m_pager;
    QFutureWatcher<bool> m_watcher;
    QElapsedTimer m_timer;
    bool m_running = false;
};

} // namespace Cosmoscope
