package io.github.socketserver.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may connect to a server, under {@code socketserver.servers.<name>.access}: client
 * addresses for inet servers, peer credentials for unix stream servers. Empty lists let
 * everyone in.
 *
 * @since 0.1.0
 */
public class ServerAccessProperties {

	/**
	 * Client addresses or CIDR ranges (IPv4 or IPv6) allowed to connect, for inet
	 * servers; when set, all others are refused. Behind a balancer
	 * ('proxy-protocol.mode') they filter the client address the balancer reports; a
	 * connection that reports none (a LOCAL or UNKNOWN header: the balancer's own health
	 * check) keeps the balancer's address, and on a unix server it passes, since whoever
	 * may open the socket file (its permissions) is trusted.
	 */
	private List<String> allow = new ArrayList<>();

	/**
	 * Client addresses or CIDR ranges (IPv4 or IPv6) refused, for inet servers; deny wins
	 * over allow. Behind a balancer, they filter the client address it reports, as
	 * 'allow' does.
	 */
	private List<String> deny = new ArrayList<>();

	/**
	 * User names whose processes may connect, for unix stream servers, checked with the
	 * kernel's peer credentials (SO_PEERCRED).
	 */
	private List<String> allowedUsers = new ArrayList<>();

	/**
	 * Group names whose processes may connect, for unix stream servers, checked with the
	 * kernel's peer credentials (SO_PEERCRED).
	 */
	private List<String> allowedGroups = new ArrayList<>();

	/**
	 * Creates the settings with their defaults, for the binder to fill in.
	 */
	public ServerAccessProperties() {
	}

	/**
	 * {@return the client addresses or CIDR ranges allowed to connect, for inet servers}
	 */
	public List<String> getAllow() {
		return this.allow;
	}

	/**
	 * Sets the client addresses or CIDR ranges allowed to connect, for inet servers.
	 * @param allow the addresses or ranges; empty to allow all
	 */
	public void setAllow(List<String> allow) {
		this.allow = allow;
	}

	/**
	 * {@return the client addresses or CIDR ranges refused, for inet servers}
	 */
	public List<String> getDeny() {
		return this.deny;
	}

	/**
	 * Sets the client addresses or CIDR ranges refused, for inet servers.
	 * @param deny the addresses or ranges
	 */
	public void setDeny(List<String> deny) {
		this.deny = deny;
	}

	/**
	 * {@return the user names whose processes may connect, for unix stream servers}
	 */
	public List<String> getAllowedUsers() {
		return this.allowedUsers;
	}

	/**
	 * Sets the user names whose processes may connect, for unix stream servers.
	 * @param allowedUsers the user names; empty to allow all
	 */
	public void setAllowedUsers(List<String> allowedUsers) {
		this.allowedUsers = allowedUsers;
	}

	/**
	 * {@return the group names whose processes may connect, for unix stream servers}
	 */
	public List<String> getAllowedGroups() {
		return this.allowedGroups;
	}

	/**
	 * Sets the group names whose processes may connect, for unix stream servers.
	 * @param allowedGroups the group names; empty to allow all
	 */
	public void setAllowedGroups(List<String> allowedGroups) {
		this.allowedGroups = allowedGroups;
	}

}
