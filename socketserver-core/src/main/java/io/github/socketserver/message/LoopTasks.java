package io.github.socketserver.message;

import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.github.socketserver.logging.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work other threads hand a {@link MessageLoop} (a connection to register, a drain),
 * run by the loop between two selects. Once the loop has ended, a task runs on the thread
 * that gives it, so that none is lost: a connection it would register is then closed.
 */
final class LoopTasks {

	private static final Logger logger = LoggerFactory.getLogger(MessageEngine.class);

	private final MessageLoop loop;

	private final Selector selector;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	/**
	 * Whether the loop took its last tasks: later ones run on the thread that gives them.
	 * Guarded by {@link #tasks}.
	 */
	private boolean finished;

	LoopTasks(MessageLoop loop, Selector selector) {
		this.loop = loop;
		this.selector = selector;
	}

	/**
	 * Runs a task on the loop, soon.
	 */
	void execute(Runnable task) {
		synchronized (this.tasks) {
			if (!this.finished) {
				this.tasks.add(task);
				if (Thread.currentThread() != this.loop) {
					this.selector.wakeup();
				}
				return;
			}
		}
		// The loop has ended: the task runs here, and a connection it would register
		// is closed.
		task.run();
	}

	/**
	 * Runs the tasks given so far; on the loop.
	 */
	void runAll() {
		for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.error("A task of the message loop {} of server '{}' failed", this.loop.getName(),
						this.loop.context().serverName, LogText.trace(ex));
			}
		}
	}

	/**
	 * Runs the last tasks as the loop ends; those given later run on their own thread.
	 */
	void finish() {
		synchronized (this.tasks) {
			this.finished = true;
		}
		runAll();
	}

}
