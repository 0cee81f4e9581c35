#include "exportdialog.h"

#include <pager.h>

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace Cosmoscope {

using namespace Cosmos;

ExportDialog::ExportDialog(const QList<QByteArray> &gridRows, PagerFactory query,
                           const QString &what, QWidget *parent)
    : QDialog(parent)
    , m_gridRows(gridRows)
    , m_query(std::move(query))
    , m_grid(new QRadioButton(this))
    , m_whole(new QRadioButton(this))
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_status(new QLabel(this))
    , m_summary(new QLabel(this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export %1").arg(what));
    m_grid->setObjectName(QStringLiteral("exportGrid"));
    m_grid->setText(gridRows.size() == 1 ? tr("The row in the grid")
                                         : tr("The %1 rows in the grid").arg(gridRows.size()));
    m_whole->setObjectName(QStringLiteral("exportQuery"));
    m_whole->setText(tr("The whole query (every page, read again from the server)"));
    m_whole->setEnabled(bool(m_query));
    m_grid->setChecked(true);
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("JSON array (.json)"));
    m_format->addItem(tr("JSON Lines (.jsonl)"));
    m_format->addItem(tr("CSV (.csv; nested values as JSON)"));
    m_path->setObjectName(QStringLiteral("exportPath"));
    auto browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    auto pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);
    m_status->setObjectName(QStringLiteral("exportStatus"));
    m_summary->setObjectName(QStringLiteral("exportSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto buttons = new QDialogButtonBox(this);
    m_start = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startExport"));
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_close->setObjectName(QStringLiteral("closeExport"));

    auto form = new QFormLayout;
    form->addRow(tr("Items:"), m_grid);
    form->addRow(QString(), m_whole);
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("File:"), pathRow);
    auto layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_status);
    layout->addWidget(m_summary);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(560, 260);

    connect(browse, &QToolButton::clicked, this, &ExportDialog::browse);
    connect(m_start, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_close, &QPushButton::clicked, this, [this] {
        if (m_running)
            cancelExport();
        else
            QDialog::reject();
    });
    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        const QString path = m_path->text();
        const int dot = path.lastIndexOf(QLatin1Char('.'));
        if (dot <= 0)
            return;
        static const char *const suffixes[] = {".json", ".jsonl", ".csv"};
        m_path->setText(path.left(dot) + QLatin1String(suffixes[m_format->currentIndex()]));
    });
    connect(&m_watcher, &QFutureWatcher<bool>::finished, this, [this] {
        const bool ok = m_watcher.result();
        finish(ok, ok ? QString() : m_output.errorString());
    });
}

void ExportDialog::setSource(Source source)
{
    (source == Source::Grid ? m_grid : m_whole)->setChecked(true);
}

void ExportDialog::setOutputPath(const QString &path)
{
    m_path->setText(path);
}

void ExportDialog::setFormat(ItemWriter::Format format)
{
    m_format->setCurrentIndex(format == ItemWriter::Format::JsonArray ? 0
                              : format == ItemWriter::Format::JsonLines ? 1
                                                                        : 2);
}

ItemWriter::Format ExportDialog::format() const
{
    switch (m_format->currentIndex()) {
    case 1:
        return ItemWriter::Format::JsonLines;
    case 2:
        return ItemWriter::Format::Csv;
    default:
        return ItemWriter::Format::JsonArray;
    }
}

void ExportDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export items"), m_path->text(),
        tr("JSON (*.json);;JSON Lines (*.jsonl);;CSV (*.csv);;All files (*)"));
    if (!path.isEmpty())
        m_path->setText(path);
}

bool ExportDialog::startExport()
{
    if (m_running)
        return false;
    const QString path = m_path->text().trimmed();
    m_output.close();
    m_output.setFileName(path);
    if (path.isEmpty() || !m_output.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        m_summary->setText(path.isEmpty() ? tr("Choose a file to write.")
                                          : tr("Cannot write %1: %2")
                                                .arg(path, m_output.errorString()));
        return false;
    }
    m_writer = std::make_unique<ItemWriter>(&m_output, format());
    m_running = true;
    m_start->setEnabled(false);
    m_close->setText(tr("Cancel"));
    m_summary->clear();
    m_timer.start();
    if (m_grid->isChecked()) {
        m_status->setText(tr("Writing %1 rows…").arg(m_gridRows.size()));
        ItemWriter *writer = m_writer.get();
        const QList<QByteArray> rows = m_gridRows; // shared, not copied
        m_watcher.setFuture(QtConcurrent::run([writer, rows] {
            return writer->write(rows) && writer->finish();
        }));
        return true;
    }
    m_pager = m_query(1000, this);
    m_pager->setPrefetch(true); // the next page travels while this one is written
    connect(m_pager, &Pager::pageReady, this, [this](const FeedPage &page) {
        if (!m_writer->write(page.rawItems))
            return finish(false, m_output.errorString());
        m_status->setText(
            (m_writer->count() == 1 ? tr("%1 item · %2 RU…") : tr("%1 items · %2 RU…"))
                .arg(m_writer->count())
                .arg(m_pager->totalRequestCharge(), 0, 'f', 2));
        if (m_pager->hasMore())
            m_pager->fetchNext();
        else
            finish(m_writer->finish(), m_output.errorString());
    });
    connect(m_pager, &Pager::failed, this,
            [this](const CosmosError &error) { finish(false, error.toString()); });
    m_pager->fetchNext();
    return true;
}

void ExportDialog::cancelExport()
{
    if (!m_running)
        return;
    if (m_pager) {
        m_pager->cancel();
        finish(false, tr("cancelled"));
    }
    // A grid export is a single write on a worker thread: it runs to its end.
}

void ExportDialog::reject()
{
    if (m_running) {
        cancelExport();
        return;
    }
    QDialog::reject();
}

void ExportDialog::finish(bool ok, const QString &problem)
{
    if (!m_running)
        return;
    m_running = false;
    const double charge = m_pager ? m_pager->totalRequestCharge() : 0.0;
    if (m_pager)
        m_pager->deleteLater();
    m_output.close();
    const QString counts
        = (m_writer->count() == 1 ? tr("%1 item to %2 in %3 s") : tr("%1 items to %2 in %3 s"))
              .arg(m_writer->count())
              .arg(m_output.fileName())
              .arg(m_timer.elapsed() / 1000.0, 0, 'f', 2);
    QString text = ok ? tr("Exported %1.").arg(counts)
                      : tr("Export stopped (%1): %2 written.").arg(problem, counts);
    if (charge > 0)
        text += tr(" %1 RU.").arg(charge, 0, 'f', 2);
    if (!m_writer->extraKey().isEmpty())
        text += tr(" Some items have properties not among the CSV columns (e.g. \"%1\"): "
                   "they were left out.")
                    .arg(QString::fromUtf8(m_writer->extraKey()));
    m_status->clear();
    m_summary->setText(text);
    m_start->setEnabled(true);
    m_close->setText(tr("Close"));
    Q_EMIT exportFinished(ok);
}

QString ExportDialog::summaryText() const
{
    return m_summary->text();
}

} // namespace Cosmoscope
